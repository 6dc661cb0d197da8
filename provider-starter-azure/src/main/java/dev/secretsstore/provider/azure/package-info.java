/**
 * Azure Key Vault provider, registered as the in-process provider named {@code "azure"}
 * by {@link dev.secretsstore.provider.azure.AzureProviderAutoConfiguration}, and runnable
 * as a provider plugin for the Go driver with
 * {@link dev.secretsstore.provider.azure.AzurePluginMain}, accepting the
 * SecretProviderClass parameters of
 * {@code Azure/secrets-store-csi-driver-provider-azure}.
 */
package dev.secretsstore.provider.azure;
