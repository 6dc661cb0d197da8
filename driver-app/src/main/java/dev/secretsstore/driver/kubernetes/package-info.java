/**
 * The Kubernetes side of the driver: the two custom resources as typed models, where SecretProviderClasses are
 * looked up, and cluster mode's wiring to the API server.
 */
package dev.secretsstore.driver.kubernetes;
