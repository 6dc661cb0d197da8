/**
 * Object versions exactly as the Go provider makes them:
 * {@link dev.secretsstore.provider.vault.version.ObjectVersions} is an HMAC of Go's JSON
 * of the object's settings ({@code GoJson}) and its content, keyed with the key
 * {@link dev.secretsstore.provider.vault.version.VersionKey} gets.
 */
package dev.secretsstore.provider.vault.version;
