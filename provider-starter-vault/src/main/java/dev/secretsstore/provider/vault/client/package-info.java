/**
 * Talking to Vault's HTTP API:
 * {@link dev.secretsstore.provider.vault.client.VaultSessions} keeps a logged-in
 * {@link dev.secretsstore.provider.vault.client.VaultSession} per
 * {@link dev.secretsstore.provider.vault.client.VaultSessionKey} (Vault, role and pod),
 * on one shared HTTP client per TLS setup
 * ({@link dev.secretsstore.provider.vault.client.VaultHttpClients}); a session sends
 * {@link dev.secretsstore.provider.vault.client.VaultRequest}s and answers
 * {@link dev.secretsstore.provider.vault.client.RawResponse}s, which
 * {@link dev.secretsstore.provider.vault.client.VaultErrors} turns into provider failures
 * and {@link dev.secretsstore.provider.vault.client.VaultJson} parses.
 */
package dev.secretsstore.provider.vault.client;
