package dev.secretsstore.provider.plugin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.plugin.GoFlagSet.Flag;
import dev.secretsstore.provider.plugin.PluginLauncher.Exit;
import dev.secretsstore.provider.plugin.PluginLauncher.Plugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link PluginLauncher}: what a plugin's {@code main} prints, serves and exits
 * with.
 */
class PluginLauncherTests {

	private final Path directory = PluginTestSupport.socketDirectory();

	private final Path socket = this.directory.resolve("p.sock");

	private final PluginLauncher launcher = new PluginLauncher("TestPlugin", "unix://" + this.socket,
			"socket to serve on");

	private final Flag<String> label = this.launcher.flags().string("label", "plain", "the provider's label");

	private final List<ClosingProvider> providers = new ArrayList<>();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@AfterEach
	void deleteDirectory() throws IOException {
		PluginTestSupport.delete(this.directory);
	}

	@Test
	void servesOnTheEndpointWithTheFlagsOfThePluginUntilClosed() throws Exception {
		try (Plugin plugin = launch("-label", "fancy");
				PluginClient client = new PluginClient("closing", this.socket, PluginTestSupport.fastOptions())) {
			assertThat(plugin.server().socket()).isEqualTo(this.socket);
			assertThat(client.checkVersion()).isEqualTo(new ProviderVersion("closing-fancy", "1.0"));
		}
		assertThat(this.socket).doesNotExist();
		assertThat(this.providers).singleElement().satisfies((provider) -> assertThat(provider.closed).isTrue());
		assertThat(this.out.toString()).isEmpty();
		assertThat(this.err.toString()).isEmpty();
	}

	@Test
	void takesTheEndpointWithoutUnixScheme() throws Exception {
		Path other = this.directory.resolve("other.sock");
		try (Plugin plugin = launch("--endpoint", other.toString())) {
			assertThat(plugin.server().socket()).isEqualTo(other);
			assertThat(other).exists();
		}
	}

	@Test
	void printsTheVersionWithoutServing() throws Exception {
		assertThat(launch("-version", "-label=v")).isNull();
		assertThat(this.out.toString()).isEqualTo("closing-v 1.0" + System.lineSeparator());
		assertThat(this.socket).doesNotExist();
		assertThat(this.providers).singleElement().satisfies((provider) -> assertThat(provider.closed).isTrue());
		assertThat(this.launcher.printsVersion()).isTrue();
	}

	@Test
	void printsTheUsageOnHelpAndBuildsNothing() throws Exception {
		assertThat(launch("-help")).isNull();
		assertThat(this.err.toString()).isEqualTo(this.launcher.flags().usage())
			.contains("  -endpoint string\n    \tsocket to serve on (default \"unix://" + this.socket + "\")\n")
			.contains("  -version\n    \tprint the version and exit\n")
			.contains("  -label string\n    \tthe provider's label (default \"plain\")\n");
		assertThat(this.out.toString()).isEmpty();
		assertThat(this.providers).isEmpty();
	}

	@Test
	void exitsWithTwoAndTheUsageOnABadCommandLine() {
		assertThat(exit("-lable=x").status).isEqualTo(2);
		assertThat(this.err.toString()).isEqualTo(
				"flag provided but not defined: -lable" + System.lineSeparator() + this.launcher.flags().usage());
		assertThat(this.providers).isEmpty();
	}

	@Test
	void exitsWithTwoOnSettingsTheProviderRefuses() {
		assertThat(exit("-label=bad").status).isEqualTo(2);
		assertThat(this.err.toString()).startsWith("label 'bad' is not allowed" + System.lineSeparator() + "Usage of");
		assertThat(this.socket).doesNotExist();
	}

	@Test
	void exitsWithOneWhenTheSocketCannotBeServed() throws IOException {
		Files.writeString(this.socket, "not a socket");
		assertThat(exit().status).isEqualTo(1);
		assertThat(this.err.toString()).startsWith("cannot serve on " + this.socket + ": ").contains("is not a socket");
		assertThat(this.providers).singleElement().satisfies((provider) -> assertThat(provider.closed).isTrue());
	}

	@Test
	void servesWhereThePluginSaysWhenItFindsItsOwnSocket() throws Exception {
		PluginLauncher launcher = new PluginLauncher("TestPlugin", "", "socket to serve on");
		Flag<String> folder = launcher.flags().string("folder", "", "folder of the socket");
		launcher.socket(() -> launcher.endpoint().orElseGet(() -> Path.of(folder.value(), "x.sock")));
		try (Plugin plugin = launcher.start(new String[] { "-folder=" + this.directory }, this::provider)) {
			assertThat(plugin.server().socket()).isEqualTo(this.directory.resolve("x.sock"));
		}
		try (Plugin plugin = launcher.start(new String[] { "-endpoint=" + this.socket }, this::provider)) {
			assertThat(plugin.server().socket()).isEqualTo(this.socket);
		}
	}

	@Test
	void refusesAnEmptyEndpoint() {
		assertThat(exit("-endpoint=").status).isEqualTo(2);
		assertThat(this.err.toString()).startsWith("flag -endpoint is empty" + System.lineSeparator());
		assertThat(this.providers).isEmpty();
	}

	@Test
	void startThrowsWhatMainPrints() throws IOException {
		assertThatExceptionOfType(GoFlagSet.FlagException.class)
			.isThrownBy(() -> this.launcher.start(new String[] { "serve" }, this::provider))
			.withMessage("unexpected argument 'serve'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.launcher.start(new String[] { "-label=bad" }, this::provider))
			.withMessage("label 'bad' is not allowed");
		Files.writeString(this.socket, "not a socket");
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.launcher.start(new String[0], this::provider))
			.withMessageContaining("is not a socket");
		assertThat(this.providers).singleElement().satisfies((provider) -> assertThat(provider.closed).isTrue());
	}

	@Test
	void aProcessServesUntilSigtermThenRemovesItsSocket() throws Exception {
		Path log = this.directory.resolve("plugin.log");
		Process process = java(log, "-endpoint=" + this.socket);
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (!Files.exists(this.socket) && process.isAlive() && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(this.socket).as(() -> read(log)).exists();
			try (PluginClient client = new PluginClient("recording", this.socket, PluginTestSupport.fastOptions())) {
				assertThat(client.checkVersion().runtimeName()).isEqualTo("recording-provider");
			}
			// SIGTERM
			process.destroy();
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as(() -> read(log)).isEqualTo(128 + 15);
			assertThat(this.socket).doesNotExist();
		}
		finally {
			process.destroyForcibly();
		}
	}

	@Test
	void aProcessExitsWithTwoOnAnUnknownFlag() throws Exception {
		Path log = this.directory.resolve("plugin.log");
		Process process = java(log, "-endpoint=" + this.socket, "-nope");
		try {
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).isEqualTo(2);
			assertThat(read(log)).startsWith("flag provided but not defined: -nope\nUsage of LauncherTestProcess:\n");
			assertThat(this.socket).doesNotExist();
		}
		finally {
			process.destroyForcibly();
		}
	}

	private Plugin launch(String... args) throws Exit {
		return this.launcher.launch(args, this::provider, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private Exit exit(String... args) {
		return catchThrowableOfType(Exit.class, () -> launch(args));
	}

	private SecretProvider provider() {
		if (this.label.value().equals("bad")) {
			throw new IllegalArgumentException("label 'bad' is not allowed");
		}
		ClosingProvider provider = new ClosingProvider("closing-" + this.label.value());
		this.providers.add(provider);
		return provider;
	}

	/**
	 * Runs {@link LauncherTestProcess} in a JVM of its own, on this test's class path.
	 */
	private static Process java(Path log, String... args) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						System.getProperty("java.class.path"), LauncherTestProcess.class.getName()));
		command.addAll(List.of(args));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private static String read(Path log) {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			return "(no output: " + ex + ")";
		}
	}

	/**
	 * A provider that holds resources, as the AWS one does.
	 */
	private static final class ClosingProvider implements SecretProvider, AutoCloseable {

		private final String name;

		private volatile boolean closed;

		ClosingProvider(String name) {
			this.name = name;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public MountResponse mount(MountRequest request) throws ProviderException {
			return new MountResponse(List.of(), List.of());
		}

		@Override
		public ProviderVersion version() {
			return new ProviderVersion(this.name, "1.0");
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

}
