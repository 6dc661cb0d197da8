package dev.secretsstore.provider.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.secretsstore.provider.plugin.v1alpha1.CSIDriverProviderGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;

/**
 * Helpers shared by the plugin tests: short socket folders, fast client options, raw
 * stubs, stale sockets.
 */
final class PluginTestSupport {

	private PluginTestSupport() {
	}

	/**
	 * A fresh folder directly under /tmp: JUnit's temporary folders can push a socket
	 * path past 107 bytes.
	 */
	static Path socketDirectory() {
		try {
			return Files.createTempDirectory(Path.of("/tmp"), "pp");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void delete(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	/**
	 * The Go driver's policy with millisecond backoffs, so retry tests take no time.
	 */
	static PluginClientOptions fastOptions() {
		return PluginClientOptions.defaults()
			.withCallTimeout(Duration.ofSeconds(20))
			.withRetry(new PluginClientOptions.Retry(3, Duration.ofMillis(5), Duration.ofMillis(20), 1.1));
	}

	/**
	 * Leaves a socket file nobody listens on, as a crashed plugin does: the JDK does not
	 * unlink on close.
	 */
	static void staleSocket(Path path) throws IOException {
		try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.bind(UnixDomainSocketAddress.of(path));
		}
	}

	/**
	 * A channel without the client's conveniences, to send requests {@link PluginClient}
	 * never would.
	 */
	static ManagedChannel rawChannel(Path socket) {
		return Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
	}

	static CSIDriverProviderGrpc.CSIDriverProviderBlockingStub rawStub(ManagedChannel channel) {
		return CSIDriverProviderGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(10));
	}

}
