/**
 * TLS with Vault as the Go provider sets it up:
 * {@link dev.secretsstore.provider.vault.tls.VaultTls} holds the TLS parameters, and
 * {@link dev.secretsstore.provider.vault.tls.TlsContexts} makes an SSL context of them:
 * CA certificates and client keys read from PEM files ({@code PemKeys}), and
 * {@code vaultTLSServerName} sent as SNI and verified as Go verifies a server name
 * ({@code ServerNames} and the {@code ServerName*} wrappers of the JDK's TLS).
 */
package dev.secretsstore.provider.vault.tls;
