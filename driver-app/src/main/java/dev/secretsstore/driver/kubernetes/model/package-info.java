/**
 * Typed models of the driver's custom resources (group {@code secrets-store.csi.x-k8s.io}), with the CRD's field
 * names, shared by cluster mode (JSON from the API server) and standalone mode (YAML files).
 */
package dev.secretsstore.driver.kubernetes.model;
