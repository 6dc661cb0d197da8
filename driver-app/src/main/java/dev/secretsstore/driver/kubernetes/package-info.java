/**
 * The Kubernetes side of the driver: the two custom resources as typed models, and where SecretProviderClasses
 * are looked up.
 */
package dev.secretsstore.driver.kubernetes;
