/**
 * Service-account tokens for refreshes: before a refresh, kubelet's expired or expiring
 * tokens are replaced with ones minted for the pod
 * ({@link dev.secretsstore.driver.rotation.tokens.TokenRenewal}, the entry), through the
 * {@link dev.secretsstore.driver.rotation.tokens.TokenMinter} port that cluster mode
 * implements with the TokenRequest API.
 */
package dev.secretsstore.driver.rotation.tokens;
