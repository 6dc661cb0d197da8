/**
 * Expiry awareness: the NotAfter of the certificates mounted in each volume (PEM, PFX, or
 * PFX in base64), kept by file name only, as a gauge of seconds until expiry, a warning
 * when expiry is near (a Warning Event on the pod in cluster mode, a log line in
 * standalone mode), and rotation's {@code ExpiryDeadlines}, which makes a volume due
 * before its certificates expire. Neither the contents nor the subjects of certificates
 * are kept or shown.
 */
package dev.secretsstore.driver.expiry;
