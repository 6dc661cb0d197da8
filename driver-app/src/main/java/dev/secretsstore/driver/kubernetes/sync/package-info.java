/**
 * Secret sync: mirrors a mounted volume's files into the Kubernetes Secrets its
 * SecretProviderClass declares under {@code secretObjects}, in cluster mode only. Under
 * it, {@code tls} turns PEM and PFX objects into the data of a {@code kubernetes.io/tls}
 * Secret.
 */
package dev.secretsstore.driver.kubernetes.sync;
