/**
 * What a SecretProviderClass asks the Vault provider for:
 * {@link dev.secretsstore.provider.vault.objects.VaultParameters} reads and checks the Go
 * provider's parameters, its {@code objects} YAML as Go's yaml.v3 reads it
 * ({@code ObjectsYaml}, {@code YamlValues}) into
 * {@link dev.secretsstore.provider.vault.objects.VaultObject}s, and
 * {@link dev.secretsstore.provider.vault.objects.SecretContents} makes an object's file
 * from Vault's answer.
 */
package dev.secretsstore.provider.vault.objects;
