/**
 * The codec of {@code kubernetes.io/tls} Secrets: turns a mounted PEM or PFX (PKCS#12)
 * object into {@code tls.key} and {@code tls.crt} as the Go driver writes them, and
 * checks that the key belongs to one of the certificates
 * ({@link dev.secretsstore.driver.kubernetes.sync.tls.TlsParts}, the entry). It reads
 * bytes and writes bytes, and knows nothing of sync, which uses it.
 */
package dev.secretsstore.driver.kubernetes.sync.tls;
