package dev.secretsstore.provider.vault;

import java.io.IOException;

import dev.secretsstore.provider.plugin.PluginServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Vault provider as a stand-alone provider plugin, for the Go driver or this
 * driver's remote mode: serves it on a Unix socket with the Go provider's flags, without
 * Spring, until the process is stopped.
 */
public final class VaultPluginMain {

	private static final Logger log = LoggerFactory.getLogger(VaultPluginMain.class);

	private VaultPluginMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		PluginFlags flags;
		try {
			flags = PluginFlags.parse(args, System.getenv());
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.print(PluginFlags.USAGE);
			System.exit(2);
			return;
		}
		VaultSecretProvider provider = new VaultSecretProvider(flags.properties());
		if (flags.printVersion()) {
			System.out.println(provider.version().runtimeName() + " " + provider.version().runtimeVersion());
			return;
		}
		if (flags.properties().versionKey().isEmpty()) {
			log.warn("No -version-key-file: mounted objects get no version (this plugin cannot keep the Go "
					+ "provider's HMAC key in a Kubernetes Secret)");
		}
		PluginServer server;
		try {
			server = start(flags, provider);
		}
		catch (IOException ex) {
			System.err.println("cannot serve on " + flags.endpoint() + ": " + ex.getMessage());
			System.exit(1);
			return;
		}
		server.awaitShutdown();
	}

	/**
	 * Serves {@code provider} on the socket the flags name.
	 */
	static PluginServer start(PluginFlags flags, VaultSecretProvider provider) throws IOException {
		return PluginServer.serve(flags.endpoint(), provider);
	}

}
