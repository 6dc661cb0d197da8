package dev.secretsstore.provider.azure;

import java.io.IOException;

import dev.secretsstore.provider.plugin.GoFlagSet;
import dev.secretsstore.provider.plugin.GoFlagSet.Flag;
import dev.secretsstore.provider.plugin.PluginLauncher;

/**
 * Runs the Azure provider as a stand-alone provider plugin, for the Go driver or this
 * driver's remote mode: serves it on a Unix socket, without Spring, until the process is
 * stopped. Settings without a flag keep their defaults; the Go provider's other flags are
 * refused as unknown.
 */
public final class AzurePluginMain {

	static final String DEFAULT_ENDPOINT = "unix:///etc/kubernetes/secrets-store-csi-providers/azure.sock";

	private final PluginLauncher launcher = new PluginLauncher("AzurePluginMain", DEFAULT_ENDPOINT,
			"socket to serve on");

	private final GoFlagSet flags = this.launcher.flags();

	private final Flag<String> vaultUrlTemplate = this.flags.string("vault-url-template",
			AzureProviderProperties.DEFAULT_VAULT_URL_TEMPLATE,
			"vault URL, {vaultName} and {vaultDnsSuffix} replaced; must be https://");

	private final Flag<String> authorityHost = this.flags.string("authority-host",
			AzureProviderProperties.DEFAULT_AUTHORITY_HOST, "Entra ID authority");

	private final Flag<String> caCertPath = this.flags.string("ca-cert-path", "",
			"PEM file of CA certificates to trust instead of the JVM's");

	AzurePluginMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		AzurePluginMain main = new AzurePluginMain();
		main.launcher.main(args, main::provider);
	}

	/**
	 * Parses {@code args} and serves the provider, as {@link #main} does without waiting.
	 */
	PluginLauncher.Plugin start(String... args) throws IOException {
		return this.launcher.start(args, this::provider);
	}

	PluginLauncher launcher() {
		return this.launcher;
	}

	/**
	 * The provider's settings from the parsed flags.
	 * @throws IllegalArgumentException on a setting the provider refuses
	 */
	AzureProviderProperties properties() {
		AzureProviderProperties defaults = AzureProviderProperties.defaults();
		return new AzureProviderProperties(true, this.vaultUrlTemplate.value(), this.authorityHost.value(),
				defaults.connectTimeout(), defaults.readTimeout(), defaults.maxRetries(), defaults.clientCacheSize(),
				defaults.clientCacheTtl(), this.caCertPath.value());
	}

	private AzureSecretProvider provider() {
		return new AzureSecretProvider(properties());
	}

}
