package dev.secretsstore.driver.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A node as the benchmarks lay it out in a temp folder: kubelet's folder, the plugin
 * socket folder, a SecretProviderClass {@code bench} of the remote provider {@code bench}
 * (standalone mode reads it from {@code spc/}; in cluster mode the API server holds its
 * own), a free metrics port, and the driver's flags for all of it.
 *
 * @param root the temp folder
 * @param kubelet kubelet's root folder in it
 * @param port the metrics and Actuator port
 * @param flags the driver's flags
 */
record BenchNode(Path root, Path kubelet, int port, List<String> flags) {

	static BenchNode prepare(String prefix, String pollInterval, boolean cluster) throws IOException {
		Path root = Files.createTempDirectory(Path.of("/tmp"), prefix);
		Path kubelet = root.resolve("kubelet");
		Files.createDirectories(root.resolve("spc"));
		Files.createDirectories(root.resolve("providers"));
		Files.writeString(root.resolve("spc/bench.yaml"), """
				apiVersion: secrets-store.csi.x-k8s.io/v1
				kind: SecretProviderClass
				metadata: {name: bench}
				spec: {provider: bench, parameters: {objects: all}}
				""");
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		List<String> flags = new ArrayList<>(List.of("--endpoint=unix://" + root.resolve("csi.sock"),
				"--kubelet-root-dir=" + kubelet, "--metrics-addr=127.0.0.1:" + port,
				"--provider-volume=" + root.resolve("providers"), "--additional-provider-volume-paths=",
				"--enable-secret-rotation", "--rotation-poll-interval=" + pollInterval, "--nodeid=bench-node"));
		if (!cluster) {
			flags.addAll(List.of("--standalone", "--spc-dir=" + root.resolve("spc"),
					"--state-dir=" + root.resolve("state")));
		}
		return new BenchNode(root, kubelet, port, List.copyOf(flags));
	}

}
