/**
 * Secret sync: mirrors a mounted volume's files into the Kubernetes Secrets its
 * SecretProviderClass declares under {@code secretObjects}, in cluster mode only.
 */
package dev.secretsstore.driver.kubernetes.sync;
