package dev.secretsstore.provider.plugin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.SecretProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code main} of a provider plugin process: reads the command line with Go's flag
 * syntax, builds the provider and serves it with {@link PluginServer} until SIGTERM or
 * SIGINT. It declares {@code -endpoint} and {@code -version}, and answers {@code -h} and
 * {@code -help}; the plugin declares its own flags on {@link #flags()} and builds its
 * provider from them:
 *
 * <pre class="code">
 * PluginLauncher launcher = new PluginLauncher("XxxMain", "/tmp/xxx.sock", "socket");
 * Flag&lt;String&gt; address = launcher.flags().string("address", "", "its address");
 * launcher.main(args, () -&gt; new XxxSecretProvider(address.value()));
 * </pre>
 *
 * As with Go's flag package, a bad command line exits with status 2 after the usage text;
 * a socket that cannot be served exits with 1.
 */
public final class PluginLauncher {

	private static final Logger log = LoggerFactory.getLogger(PluginLauncher.class);

	private static final String UNIX_SCHEME = "unix://";

	private final GoFlagSet flags;

	private final GoFlagSet.Flag<String> endpoint;

	private final GoFlagSet.Flag<Boolean> version;

	private Supplier<Path> socket = this::endpointSocket;

	/**
	 * @param program the name the usage text starts with, such as the main class's
	 * @param defaultEndpoint the {@code -endpoint} default: a socket path, with or
	 * without {@code unix://}; empty when the plugin {@linkplain #socket(Supplier) finds
	 * its socket} otherwise
	 * @param endpointUsage what {@code -endpoint} means, for the usage text
	 */
	public PluginLauncher(String program, String defaultEndpoint, String endpointUsage) {
		this.flags = new GoFlagSet(program);
		this.endpoint = this.flags.string("endpoint", defaultEndpoint, endpointUsage);
		this.version = this.flags.bool("version", false, "print the version and exit");
	}

	/**
	 * Where the plugin declares its own flags, before {@link #main} or {@link #start}.
	 */
	public GoFlagSet flags() {
		return this.flags;
	}

	/**
	 * The {@code -endpoint} socket, without its {@code unix://} prefix; empty when
	 * {@code -endpoint} is.
	 */
	public Optional<Path> endpoint() {
		String endpoint = this.endpoint.value();
		if (endpoint.startsWith(UNIX_SCHEME)) {
			endpoint = endpoint.substring(UNIX_SCHEME.length());
		}
		return endpoint.isEmpty() ? Optional.empty() : Optional.of(Path.of(endpoint));
	}

	/**
	 * Serves on the socket {@code socket} names instead of on {@link #endpoint()}, for a
	 * plugin that also takes a folder, as the Go AWS provider does. It is asked after the
	 * flags are read and may throw {@link IllegalArgumentException} on bad ones.
	 */
	public PluginLauncher socket(Supplier<Path> socket) {
		this.socket = socket;
		return this;
	}

	/**
	 * Whether the command line asked only for the version: the provider is then built to
	 * print it, and whatever it would only need to serve (a warning, say) is better left
	 * out.
	 */
	public boolean printsVersion() {
		return this.version.value();
	}

	/**
	 * Runs the plugin as its process: prints the usage text on {@code -h} or
	 * {@code -help}, the version on {@code -version}, and otherwise serves until the JVM
	 * is stopped. Exits with status 2 on a bad command line or settings the provider
	 * refuses with {@link IllegalArgumentException}, and with 1 when it cannot serve.
	 */
	public void main(String[] args, ProviderFactory factory) throws InterruptedException {
		Plugin plugin;
		try {
			plugin = launch(args, factory, System.out, System.err);
		}
		catch (Exit exit) {
			System.exit(exit.status);
			return;
		}
		if (plugin != null) {
			plugin.awaitShutdown();
		}
	}

	/**
	 * What {@link #main} does before it waits for the JVM to stop.
	 * @return the plugin, serving; {@code null} when the usage text or the version was
	 * asked for, and printed
	 * @throws Exit after printing why to {@code err}
	 */
	Plugin launch(String[] args, ProviderFactory factory, PrintStream out, PrintStream err) throws Exit {
		try {
			this.flags.parse(args);
		}
		catch (GoFlagSet.FlagException ex) {
			if (ex.isHelp()) {
				// Go prints the usage to stderr and exits with 0
				err.print(this.flags.usage());
				return null;
			}
			throw usageError(ex, err);
		}
		if (printsVersion()) {
			SecretProvider provider = create(factory, err);
			ProviderVersion version = provider.version();
			out.println(version.runtimeName() + " " + version.runtimeVersion());
			closeProvider(provider);
			return null;
		}
		Path socket;
		try {
			socket = this.socket.get();
		}
		catch (IllegalArgumentException ex) {
			throw usageError(ex, err);
		}
		SecretProvider provider = create(factory, err);
		try {
			return new Plugin(PluginServer.serve(socket, provider), provider);
		}
		catch (IOException ex) {
			closeProvider(provider);
			err.println("cannot serve on " + socket + ": " + ex.getMessage());
			throw new Exit(1);
		}
	}

	/**
	 * Reads {@code args}, builds the provider and serves it, without printing or exiting;
	 * {@code -version} is {@link #main}'s business and ignored here.
	 * @throws IllegalArgumentException on a bad command line or settings the provider
	 * refuses ({@link GoFlagSet.FlagException} for the former)
	 * @throws IOException when the socket cannot be served
	 */
	public Plugin start(String[] args, ProviderFactory factory) throws IOException {
		this.flags.parse(args);
		Path socket = this.socket.get();
		SecretProvider provider = factory.create();
		try {
			return new Plugin(PluginServer.serve(socket, provider), provider);
		}
		catch (IOException | RuntimeException ex) {
			closeProvider(provider);
			throw ex;
		}
	}

	private Path endpointSocket() {
		return endpoint().orElseThrow(() -> new IllegalArgumentException("flag -endpoint is empty"));
	}

	private SecretProvider create(ProviderFactory factory, PrintStream err) throws Exit {
		try {
			return factory.create();
		}
		catch (IllegalArgumentException ex) {
			throw usageError(ex, err);
		}
	}

	private Exit usageError(IllegalArgumentException ex, PrintStream err) {
		err.println(ex.getMessage());
		err.print(this.flags.usage());
		return new Exit(2);
	}

	private static void closeProvider(SecretProvider provider) {
		if (provider instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				log.warn("Closing provider {} failed", provider.name(), ex);
			}
		}
	}

	/**
	 * Builds the provider once the flags are read.
	 */
	@FunctionalInterface
	public interface ProviderFactory {

		/**
		 * @throws IllegalArgumentException on settings the provider refuses, which the
		 * launcher reports as a bad command line
		 */
		SecretProvider create();

	}

	/**
	 * A serving plugin: its server and the provider it serves, closed together.
	 *
	 * @param server the server, on its socket
	 * @param provider the provider it serves
	 */
	public record Plugin(PluginServer server, SecretProvider provider) implements AutoCloseable {

		/**
		 * Closes the server, which removes its socket, then the provider when it holds
		 * resources ({@link AutoCloseable}).
		 */
		@Override
		public void close() {
			this.server.close();
			closeProvider(this.provider);
		}

		/**
		 * Blocks until the JVM shuts down (SIGTERM, SIGINT), which closes the plugin
		 * first: calls in flight get a few seconds to finish and the socket is removed.
		 */
		public void awaitShutdown() throws InterruptedException {
			CountDownLatch stopped = new CountDownLatch(1);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				close();
				stopped.countDown();
			}, "plugin-shutdown"));
			stopped.await();
		}

	}

	/**
	 * The status the process should exit with; the reason is already printed.
	 */
	static final class Exit extends Exception {

		final int status;

		Exit(int status) {
			super("exit status " + status, null, false, false);
			this.status = status;
		}

	}

}
