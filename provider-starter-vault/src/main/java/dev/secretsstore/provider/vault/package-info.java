/**
 * HashiCorp Vault provider, registered as the in-process provider named {@code "vault"}
 * by {@link dev.secretsstore.provider.vault.VaultProviderAutoConfiguration}, and runnable
 * as a provider plugin for the Go driver with
 * {@link dev.secretsstore.provider.vault.VaultPluginMain}. It accepts the
 * SecretProviderClass parameters of {@code hashicorp/vault-csi-provider}.
 * <p>
 * {@link dev.secretsstore.provider.vault.VaultSecretProvider} serves each mount with
 * {@code VaultMount}, which reads the objects and, when KV metadata checks are on
 * ({@code KvMetadataChecks}), keeps files whose KV version has not changed. What they
 * draw on lives in sub-packages, which never depend on this one:
 * <ul>
 * <li>{@code objects}: the SecretProviderClass parameters, the {@code objects} YAML, and
 * the file content an object takes from Vault's answer;</li>
 * <li>{@code client}: logged-in clients per pod and role, calls to Vault's API, and its
 * failures as provider failures;</li>
 * <li>{@code tls}: the TLS parameters and the SSL contexts made from them;</li>
 * <li>{@code lease}: the dynamic secrets a volume keeps and renews;</li>
 * <li>{@code version}: object versions as the Go provider makes them, and their key.</li>
 * </ul>
 */
package dev.secretsstore.provider.vault;
