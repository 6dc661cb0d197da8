/**
 * The core's model of the driver's custom resources (group
 * {@code secrets-store.csi.x-k8s.io}), with the CRD's field names, shared by cluster mode
 * (JSON from the API server) and standalone mode (YAML files), and the lookup port
 * {@link dev.secretsstore.driver.model.SecretProviderClasses} that each mode implements.
 * Free of Spring and of client-java: the adapters depend on it, never the other way.
 */
package dev.secretsstore.driver.model;
