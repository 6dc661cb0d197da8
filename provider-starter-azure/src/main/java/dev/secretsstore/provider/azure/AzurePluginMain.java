package dev.secretsstore.provider.azure;

import java.io.IOException;
import java.nio.file.Path;

import dev.secretsstore.provider.plugin.PluginServer;

/**
 * Runs the Azure provider as a stand-alone provider plugin, for the Go driver or this
 * driver's remote mode: serves it on a Unix socket, without Spring, until the process is
 * stopped.
 */
public final class AzurePluginMain {

	static final String USAGE = """
			usage: AzurePluginMain [--endpoint unix:///etc/kubernetes/secrets-store-csi-providers/azure.sock]
			                       [--vault-url-template https://{vaultName}.{vaultDnsSuffix}]
			                       [--authority-host https://login.microsoftonline.com] [--ca-cert-path file.pem]
			                       [--version]
			""";

	static final String DEFAULT_ENDPOINT = "unix:///etc/kubernetes/secrets-store-csi-providers/azure.sock";

	private AzurePluginMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		Flags flags;
		try {
			flags = Flags.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.print(USAGE);
			System.exit(2);
			return;
		}
		AzureSecretProvider provider = new AzureSecretProvider(flags.properties());
		if (flags.printVersion()) {
			System.out.println(provider.version().runtimeName() + " " + provider.version().runtimeVersion());
			return;
		}
		PluginServer server;
		try {
			server = PluginServer.serve(flags.socket(), provider);
		}
		catch (IOException ex) {
			System.err.println("cannot serve on " + flags.socket() + ": " + ex.getMessage());
			System.exit(1);
			return;
		}
		server.awaitShutdown();
	}

	/**
	 * The command line: where to listen and the provider settings that differ from the
	 * defaults.
	 *
	 * @param socket the Unix socket to serve on
	 * @param properties the provider settings
	 * @param printVersion print the version and exit
	 */
	record Flags(Path socket, AzureProviderProperties properties, boolean printVersion) {

		/**
		 * Reads {@code --name value} and {@code --name=value} flags (one or two dashes).
		 * @throws IllegalArgumentException naming an unknown or incomplete flag
		 */
		static Flags parse(String[] args) {
			String endpoint = DEFAULT_ENDPOINT;
			String vaultUrlTemplate = null;
			String authorityHost = null;
			String caCertPath = null;
			boolean printVersion = false;
			for (int i = 0; i < args.length; i++) {
				String arg = args[i].replaceFirst("^--?", "");
				String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
				if (name.equals("version")) {
					printVersion = true;
					continue;
				}
				String value;
				if (arg.contains("=")) {
					value = arg.substring(arg.indexOf('=') + 1);
				}
				else if (i + 1 < args.length) {
					value = args[++i];
				}
				else {
					throw new IllegalArgumentException("flag --" + name + " needs a value");
				}
				switch (name) {
					case "endpoint" -> endpoint = value;
					case "vault-url-template" -> vaultUrlTemplate = value;
					case "authority-host" -> authorityHost = value;
					case "ca-cert-path" -> caCertPath = value;
					default -> throw new IllegalArgumentException("unknown flag --" + name);
				}
			}
			Path socket = Path.of(endpoint.replaceFirst("^unix://", ""));
			AzureProviderProperties properties = new AzureProviderProperties(true, vaultUrlTemplate, authorityHost,
					null, null, 3, 1000, null, caCertPath);
			return new Flags(socket, properties, printVersion);
		}

	}

}
