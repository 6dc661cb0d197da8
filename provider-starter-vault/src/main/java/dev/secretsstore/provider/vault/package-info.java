/**
 * HashiCorp Vault provider, registered as the in-process provider named {@code "vault"}
 * by {@link dev.secretsstore.provider.vault.VaultProviderAutoConfiguration}, and runnable
 * as a provider plugin for the Go driver with
 * {@link dev.secretsstore.provider.vault.VaultPluginMain}. It accepts the
 * SecretProviderClass parameters of {@code hashicorp/vault-csi-provider}.
 */
package dev.secretsstore.provider.vault;
