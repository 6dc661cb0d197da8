/**
 * HashiCorp Vault provider, registered as the in-process provider named {@code "vault"}. This module is a skeleton: it builds and is
 * on the driver's runtime class path, but it registers no bean yet.
 */
package dev.secretsstore.provider.vault;
