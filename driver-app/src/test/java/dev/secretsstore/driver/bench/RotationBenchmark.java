package dev.secretsstore.driver.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.plugin.PluginServer;

/**
 * Benchmark of rotation passes in the packaged driver (standalone, shipped JVM options, simulated 200 MiB
 * container): N volumes of M objects each from a remote plugin that answers after a set latency, then full passes
 * over every volume (asked on demand through {@code POST /actuator/rotations}, which runs a pass with the configured
 * parallelism) with unchanged content and with every object changed. Reports per pass: wall time, the driver's CPU
 * time, plugin calls, and the driver's resident memory. Prints figures; asserts nothing.
 *
 * <pre>
 * mvn -q -B -DskipTests package &amp;&amp; mvn -q -B -pl driver-app exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.secretsstore.driver.bench.RotationBenchmark -Dexec.args="volumes objects latencyMillis"
 * </pre>
 */
public final class RotationBenchmark {

	public static void main(String[] args) throws Exception {
		int volumes = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int objects = (args.length > 1) ? Integer.parseInt(args[1]) : 10;
		long latency = (args.length > 2) ? Long.parseLong(args[2]) : 0;
		Path root = Files.createTempDirectory(Path.of("/tmp"), "rbench");
		Path kubelet = root.resolve("kubelet");
		Files.createDirectories(root.resolve("spc"));
		Files.createDirectories(root.resolve("providers"));
		Files.writeString(root.resolve("spc/bench.yaml"), """
				apiVersion: secrets-store.csi.x-k8s.io/v1
				kind: SecretProviderClass
				metadata: {name: bench}
				spec: {provider: bench, parameters: {objects: all}}
				""");
		LatencyProvider provider = new LatencyProvider(objects, latency);
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		try (PluginServer plugin = PluginServer.serve(root.resolve("providers/bench.sock"), provider);
				DriverProcess driver = DriverProcess.start(root.resolve("driver.log"), "--standalone",
						"--endpoint=unix://" + root.resolve("csi.sock"), "--spc-dir=" + root.resolve("spc"),
						"--state-dir=" + root.resolve("state"), "--kubelet-root-dir=" + kubelet,
						"--metrics-addr=127.0.0.1:" + port, "--provider-volume=" + root.resolve("providers"),
						"--additional-provider-volume-paths=", "--enable-secret-rotation", "--rotation-poll-interval=24h");
				KubeletClient client = new KubeletClient(root.resolve("csi.sock"), kubelet)) {
			DriverProcess.awaitReady(root.resolve("csi.sock"), System.nanoTime());
			long started = System.nanoTime();
			publishAll(client, volumes);
			System.out.printf("published %d volumes x %d objects in %d ms; RSS %d MiB%n", volumes, objects,
					(System.nanoTime() - started) / 1_000_000, driver.rssMiB());
			for (String pass : List.of("unchanged", "unchanged", "all changed", "unchanged")) {
				if (pass.equals("all changed")) {
					provider.generation.incrementAndGet();
				}
				int callsBefore = provider.calls.get();
				long cpuBefore = driver.cpuMillis();
				long begin = System.nanoTime();
				String body = rotateAll(port);
				long wall = (System.nanoTime() - begin) / 1_000_000;
				System.out.printf("pass (%s, latency %d ms): wall %d ms, driver CPU %d ms, plugin calls %d, "
						+ "rotated %d, failed %d, RSS %d MiB%n", pass, latency, wall,
						driver.cpuMillis() - cpuBefore, provider.calls.get() - callsBefore,
						count(body, "\"outcome\":\"ROTATED\""), count(body, "\"outcome\":\"FAILED\""),
						driver.rssMiB());
			}
			unpublishAll(client, volumes);
		}
		finally {
			DriverProcess.delete(root);
		}
	}

	private static void publishAll(KubeletClient client, int volumes) throws Exception {
		forEach(volumes, (i) -> client.publish(PodVolume.of("default", "pod-" + i, "secrets", "bench"), Map.of()));
	}

	private static void unpublishAll(KubeletClient client, int volumes) throws Exception {
		forEach(volumes, (i) -> client.unpublish(PodVolume.of("default", "pod-" + i, "secrets", "bench")));
	}

	private static void forEach(int count, java.util.function.IntConsumer action) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> all = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int index = i;
				all.add(pool.submit(() -> action.accept(index)));
			}
			for (Future<?> future : all) {
				future.get();
			}
		}
		finally {
			pool.shutdown();
		}
	}

	private static String rotateAll(int port) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/rotations"))
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.header("Content-Type", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("rotation pass answered " + response.statusCode());
		}
		return response.body();
	}

	private static int count(String text, String needle) {
		int count = 0;
		for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
			count++;
		}
		return count;
	}

	/** A provider that answers M objects after a set latency; bump the generation to change them all. */
	private static final class LatencyProvider implements SecretProvider {

		final AtomicInteger calls = new AtomicInteger();

		final AtomicInteger generation = new AtomicInteger();

		private final int objects;

		private final long latency;

		LatencyProvider(int objects, long latency) {
			this.objects = objects;
			this.latency = latency;
		}

		@Override
		public String name() {
			return "bench";
		}

		@Override
		public MountResponse mount(MountRequest request) {
			this.calls.incrementAndGet();
			if (this.latency > 0) {
				try {
					TimeUnit.MILLISECONDS.sleep(this.latency);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			int gen = this.generation.get();
			List<ObjectVersion> versions = new ArrayList<>();
			List<SecretFile> files = new ArrayList<>();
			for (int i = 0; i < this.objects; i++) {
				versions.add(new ObjectVersion("secret/s" + i, "v" + gen));
				files.add(new SecretFile("s" + i, 0, ("value-" + i + "-" + gen + "-".repeat(48)).getBytes(StandardCharsets.UTF_8)));
			}
			return new MountResponse(versions, files);
		}

	}

}
