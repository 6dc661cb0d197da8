package dev.secretsstore.provider.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@link VaultPluginMain}: the Go provider's flags, in Go's syntax
 * ({@code -name=value}, {@code --name value}, bare {@code -name} for booleans), with the
 * same environment fallbacks. Flags of the Go provider that have no meaning here are
 * accepted and ignored, so its manifests work unchanged.
 *
 * @param endpoint the socket to serve on
 * @param properties the provider's settings
 * @param printVersion whether to print the version and exit
 */
record PluginFlags(Path endpoint, VaultProviderProperties properties, boolean printVersion) {

	static final String USAGE = """
			Usage: VaultPluginMain [flags]
			  -endpoint=PATH                 socket to serve on (default /tmp/vault.sock)
			  -vault-addr=URL                default Vault address (env VAULT_ADDR)
			  -vault-mount=PATH              default auth mount (default kubernetes)
			  -vault-namespace=NS            default Vault namespace (env VAULT_NAMESPACE)
			  -cache-size=N                  logged-in clients kept (default 1000, 0 disables)
			  -vault-tls-ca-cert=PATH        CA certificates, PEM (env VAULT_CACERT)
			  -vault-tls-ca-directory=PATH   folder of CA certificates (env VAULT_CAPATH)
			  -vault-tls-server-name=NAME    name to send as SNI and to verify (env VAULT_TLS_SERVER_NAME)
			  -vault-tls-client-cert=PATH    client certificate, PEM (env VAULT_CLIENT_CERT)
			  -vault-tls-client-key=PATH     client key, PEM (env VAULT_CLIENT_KEY)
			  -vault-tls-skip-verify         trust any server certificate (env VAULT_SKIP_VERIFY)
			  -version-key-file=PATH         file holding the HMAC key of object versions
			  -version                       print the version and exit
			Ignored for compatibility: -health-addr -log-level -debug -hmac-secret-name -output
			""";

	private static final Set<String> BOOLEANS = Set.of("vault-tls-skip-verify", "version", "debug");

	private static final Set<String> STRINGS = Set.of("endpoint", "vault-addr", "vault-mount", "vault-namespace",
			"cache-size", "vault-tls-ca-cert", "vault-tls-ca-directory", "vault-tls-client-cert",
			"vault-tls-client-key", "version-key-file", "health-addr", "log-level", "hmac-secret-name", "output",
			"vault-tls-server-name");

	/**
	 * @throws IllegalArgumentException naming the flag that is unknown, lacks a value or
	 * has a bad one
	 */
	static PluginFlags parse(String[] args, Map<String, String> env) {
		Map<String, String> flags = new HashMap<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
				throw new IllegalArgumentException("unexpected argument '" + arg + "'");
			}
			String name = arg.replaceFirst("^--?", "");
			String value = null;
			int equals = name.indexOf('=');
			if (equals >= 0) {
				value = name.substring(equals + 1);
				name = name.substring(0, equals);
			}
			if (BOOLEANS.contains(name)) {
				value = (value != null) ? value : "true";
			}
			else if (!STRINGS.contains(name)) {
				throw new IllegalArgumentException("flag provided but not defined: -" + name);
			}
			else if (value == null) {
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException("flag needs an argument: -" + name);
				}
				value = args[++i];
			}
			flags.put(name, value);
		}
		return new PluginFlags(Path.of(flags.getOrDefault("endpoint", "/tmp/vault.sock")), properties(flags, env),
				bool(flags.getOrDefault("version", "false"), "version"));
	}

	private static VaultProviderProperties properties(Map<String, String> flags, Map<String, String> env) {
		VaultProviderProperties.Tls tls = new VaultProviderProperties.Tls(
				value(flags, "vault-tls-ca-cert", env.get("VAULT_CACERT")),
				value(flags, "vault-tls-ca-directory", env.get("VAULT_CAPATH")),
				value(flags, "vault-tls-server-name", env.get("VAULT_TLS_SERVER_NAME")),
				value(flags, "vault-tls-client-cert", env.get("VAULT_CLIENT_CERT")),
				value(flags, "vault-tls-client-key", env.get("VAULT_CLIENT_KEY")),
				bool(value(flags, "vault-tls-skip-verify", env.getOrDefault("VAULT_SKIP_VERIFY", "false")),
						"vault-tls-skip-verify"));
		int cacheSize;
		try {
			cacheSize = Integer.parseInt(flags.getOrDefault("cache-size", "1000"));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("invalid value for flag -cache-size: not a number");
		}
		VaultProviderProperties defaults = VaultProviderProperties.defaults();
		return new VaultProviderProperties(true, value(flags, "vault-addr", env.get("VAULT_ADDR")),
				value(flags, "vault-namespace", env.get("VAULT_NAMESPACE")), value(flags, "vault-mount", null), null,
				defaults.connectTimeout(), defaults.readTimeout(), cacheSize, tls, versionKey(flags), null);
	}

	private static String value(Map<String, String> flags, String name, String fallback) {
		return flags.getOrDefault(name, fallback);
	}

	private static String versionKey(Map<String, String> flags) {
		String file = flags.get("version-key-file");
		if (file == null) {
			return null;
		}
		try {
			return Files.readString(Path.of(file)).strip();
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("invalid value for flag -version-key-file: cannot read " + file, ex);
		}
	}

	/**
	 * Reads a boolean as Go's {@code strconv.ParseBool} does.
	 */
	private static boolean bool(String text, String name) {
		return switch (text) {
			case "1", "t", "T", "true", "TRUE", "True" -> true;
			case "0", "f", "F", "false", "FALSE", "False", "" -> false;
			default -> throw new IllegalArgumentException("invalid boolean value '" + text + "' for flag -" + name);
		};
	}

	/**
	 * Never prints the version key.
	 */
	@Override
	public String toString() {
		return "PluginFlags[endpoint=" + this.endpoint + ", properties=" + this.properties + ", printVersion="
				+ this.printVersion + "]";
	}

}
