package dev.secretsstore.provider.aws;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import dev.secretsstore.provider.plugin.PluginServer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Serves the {@code aws} provider as a remote provider plugin on a Unix socket, for the
 * Go driver or ours, taking the Go provider's flags and
 * {@code secrets-store.provider.aws.*} settings from arguments, system properties or the
 * environment.
 */
public final class AwsPluginMain {

	/**
	 * The Go provider's default {@code --provider-volume}, where the driver looks for
	 * {@code aws.sock}.
	 */
	public static final String DEFAULT_PROVIDER_VOLUME = "/var/run/secrets-store-csi-providers";

	static final String USAGE = "usage: AwsPluginMain [--provider-volume=<folder> | --endpoint=<socket path>] "
			+ "[--pod-identity-http-timeout=<duration>] [--secrets-store.provider.aws.<property>=<value>...]";

	private static final String PREFIX = "secrets-store.provider.aws.";

	/**
	 * The Go provider's flags that have no use here (we always return the files),
	 * accepted so its manifests run.
	 */
	private static final Set<String> IGNORED = Set.of("driver-writes-secrets", "qps", "burst", "eks-addon-version");

	private static final Set<String> KNOWN = Set.of("endpoint", "provider-volume", "pod-identity-http-timeout");

	private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

	private AwsPluginMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
			// logback's built-in default is DEBUG, which floods a plugin's log with SDK
			// internals
			System.setProperty(LOGBACK_CONFIGURATION, "dev/secretsstore/provider/aws/plugin-logback.xml");
		}
		Plugin plugin;
		try {
			plugin = start(args, new StandardEnvironment());
		}
		catch (IllegalArgumentException | IOException ex) {
			System.err.println(ex.getMessage());
			System.err.println(USAGE);
			System.exit(2);
			return;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			plugin.close();
			stopped.countDown();
		}, "aws-plugin-shutdown"));
		stopped.await();
	}

	/**
	 * Binds the settings, creates the provider and serves it.
	 * @param environment system properties and environment variables; the arguments are
	 * added in front
	 * @throws IllegalArgumentException on an argument that is not a known
	 * {@code --name[=value]} option
	 */
	static Plugin start(String[] args, ConfigurableEnvironment environment) throws IOException {
		String[] options = Arrays.stream(args).map(AwsPluginMain::option).toArray(String[]::new);
		SimpleCommandLinePropertySource arguments = new SimpleCommandLinePropertySource(options);
		environment.getPropertySources().addFirst(arguments);
		String timeout = arguments.getProperty("pod-identity-http-timeout");
		if (timeout != null && !timeout.isEmpty()) {
			environment.getPropertySources()
				.addAfter(arguments.getName(),
						new MapPropertySource("go-flags", Map.of(PREFIX + "pod-identity-timeout", timeout)));
		}
		AwsProviderProperties properties = Binder.get(environment)
			.bindOrCreate("secrets-store.provider.aws", AwsProviderProperties.class);
		AwsSecretProvider provider = new AwsSecretProvider(properties);
		try {
			return new Plugin(PluginServer.serve(socket(environment), provider), provider);
		}
		catch (IOException | RuntimeException ex) {
			provider.close();
			throw ex;
		}
	}

	/**
	 * The argument in Spring's {@code --name=value} form; Go's single dash is accepted
	 * too.
	 */
	private static String option(String arg) {
		String option = (arg.startsWith("-") && !arg.startsWith("--")) ? "-" + arg : arg;
		String name = option.startsWith("--") ? option.substring(2).split("=", 2)[0] : "";
		if (!KNOWN.contains(name) && !IGNORED.contains(name) && !name.startsWith(PREFIX)) {
			throw new IllegalArgumentException("unexpected argument '" + arg + "'");
		}
		return option;
	}

	private static Path socket(ConfigurableEnvironment environment) {
		String endpoint = environment.getProperty("endpoint");
		if (endpoint != null && !endpoint.isEmpty()) {
			return Path.of(endpoint.startsWith("unix://") ? endpoint.substring("unix://".length()) : endpoint);
		}
		String folder = environment.getProperty("provider-volume", DEFAULT_PROVIDER_VOLUME);
		return Path.of(folder, AwsSecretProvider.NAME + ".sock");
	}

	/**
	 * A running plugin: the server and the provider it serves, closed together.
	 */
	record Plugin(PluginServer server, AwsSecretProvider provider) implements AutoCloseable {

		@Override
		public void close() {
			this.server.close();
			this.provider.close();
		}

	}

}
