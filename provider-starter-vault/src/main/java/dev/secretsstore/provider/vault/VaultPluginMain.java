package dev.secretsstore.provider.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.secretsstore.provider.plugin.GoFlagSet;
import dev.secretsstore.provider.plugin.GoFlagSet.Flag;
import dev.secretsstore.provider.plugin.PluginLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Vault provider as a stand-alone provider plugin, for the Go driver or this
 * driver's remote mode: serves it on a Unix socket with the Go provider's flags and
 * environment fallbacks, without Spring, until the process is stopped. Flags of the Go
 * provider that have no meaning here are accepted and ignored, so its manifests work
 * unchanged.
 */
public final class VaultPluginMain {

	private static final Logger log = LoggerFactory.getLogger(VaultPluginMain.class);

	private static final String IGNORED = "accepted for compatibility with the Go provider; no effect";

	private final PluginLauncher launcher = new PluginLauncher("VaultPluginMain", "/tmp/vault.sock",
			"socket to serve on");

	private final GoFlagSet flags = this.launcher.flags();

	private final Flag<String> address = this.flags.string("vault-addr", "",
			"default Vault address (env VAULT_ADDR, else " + VaultProviderProperties.DEFAULT_ADDRESS + ")");

	private final Flag<String> mount = this.flags.string("vault-mount", "kubernetes",
			"default Kubernetes or JWT auth mount");

	private final Flag<String> namespace = this.flags.string("vault-namespace", "",
			"default Vault namespace (env VAULT_NAMESPACE)");

	private final Flag<Integer> cacheSize = this.flags.integer("cache-size", 1000,
			"logged-in clients kept; 0 logs in on every mount");

	private final Flag<String> caCert = this.flags.string("vault-tls-ca-cert", "",
			"CA certificates, PEM (env VAULT_CACERT)");

	private final Flag<String> caDirectory = this.flags.string("vault-tls-ca-directory", "",
			"folder of CA certificates (env VAULT_CAPATH)");

	private final Flag<String> serverName = this.flags.string("vault-tls-server-name", "",
			"name to send as SNI and to verify (env VAULT_TLS_SERVER_NAME)");

	private final Flag<String> clientCert = this.flags.string("vault-tls-client-cert", "",
			"client certificate, PEM (env VAULT_CLIENT_CERT)");

	private final Flag<String> clientKey = this.flags.string("vault-tls-client-key", "",
			"client key, PEM (env VAULT_CLIENT_KEY)");

	private final Flag<Boolean> skipVerify = this.flags.bool("vault-tls-skip-verify", false,
			"trust any server certificate (env VAULT_SKIP_VERIFY)");

	private final Flag<String> versionKeyFile = this.flags.string("version-key-file", "",
			"file holding the HMAC key of object versions; without it objects get no version");

	private final Flag<Boolean> kvMetadataChecks = this.flags.bool("kv-metadata-checks", false,
			"rotations of KV v2 secrets read the metadata first and keep the mounted file while unchanged; "
					+ "needs read on the metadata path and the volume's target folder visible to the plugin");

	private final Map<String, String> env;

	/**
	 * @param env the environment, for the Go provider's fallbacks such as
	 * {@code VAULT_ADDR}
	 */
	VaultPluginMain(Map<String, String> env) {
		this.env = env;
		this.flags.string("health-addr", "", IGNORED);
		this.flags.string("log-level", "", IGNORED);
		this.flags.bool("debug", false, IGNORED);
		this.flags.string("hmac-secret-name", "", IGNORED + " (see -version-key-file)");
		this.flags.string("output", "", IGNORED);
	}

	public static void main(String[] args) throws InterruptedException {
		VaultPluginMain main = new VaultPluginMain(System.getenv());
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

	private VaultSecretProvider provider() {
		VaultProviderProperties properties = properties();
		if (properties.versionKey().isEmpty() && !this.launcher.printsVersion()) {
			log.warn("No -version-key-file: mounted objects get no version (this plugin cannot keep the Go "
					+ "provider's HMAC key in a Kubernetes Secret)");
		}
		return new VaultSecretProvider(properties);
	}

	/**
	 * The provider's settings from the parsed flags: a flag given wins over its
	 * environment variable.
	 * @throws IllegalArgumentException naming the flag or variable at fault
	 */
	VaultProviderProperties properties() {
		VaultProviderProperties.Tls tls = new VaultProviderProperties.Tls(orEnv(this.caCert, "VAULT_CACERT"),
				orEnv(this.caDirectory, "VAULT_CAPATH"), orEnv(this.serverName, "VAULT_TLS_SERVER_NAME"),
				orEnv(this.clientCert, "VAULT_CLIENT_CERT"), orEnv(this.clientKey, "VAULT_CLIENT_KEY"), skipVerify());
		VaultProviderProperties defaults = VaultProviderProperties.defaults();
		return new VaultProviderProperties(true, orEnv(this.address, "VAULT_ADDR"),
				orEnv(this.namespace, "VAULT_NAMESPACE"), this.mount.value(), null, defaults.connectTimeout(),
				defaults.readTimeout(), this.cacheSize.value(), tls, versionKey(), null, this.kvMetadataChecks.value());
	}

	private String orEnv(Flag<String> flag, String variable) {
		return flag.isSet() ? flag.value() : this.env.get(variable);
	}

	private boolean skipVerify() {
		if (this.skipVerify.isSet()) {
			return this.skipVerify.value();
		}
		// the Vault client library, which reads it in the Go provider, takes empty as
		// unset
		String value = this.env.getOrDefault("VAULT_SKIP_VERIFY", "");
		try {
			return !value.isEmpty() && GoFlagSet.parseBool(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("invalid boolean value \"" + value + "\" for VAULT_SKIP_VERIFY");
		}
	}

	private String versionKey() {
		String file = this.versionKeyFile.value();
		if (file.isEmpty()) {
			return null;
		}
		try {
			return Files.readString(Path.of(file)).strip();
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("invalid value for flag -version-key-file: cannot read " + file, ex);
		}
	}

}
