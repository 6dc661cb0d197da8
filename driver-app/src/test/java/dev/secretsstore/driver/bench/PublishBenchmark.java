package dev.secretsstore.driver.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;

/**
 * Benchmark of the packaged driver, run as a separate process with the JVM options we
 * ship ({@code deploy/jvm-options}) under a simulated 200 MiB container
 * ({@code -XX:MaxRAM=200m}), in standalone mode with the {@code local} provider (3
 * objects per volume). Reports, per run and as the median of runs: time from process
 * start to Probe ready, NodePublishVolume latency p50/p99 (warm), and resident memory
 * idle and with 100 mounted volumes. Not a test: it asserts nothing and prints figures.
 *
 * <pre>
 * mvn -q -B -DskipTests install &amp;&amp; mvn -q -B -pl driver-app exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.secretsstore.driver.bench.PublishBenchmark [-Dexec.args="runs volumes"]
 * </pre>
 */
public final class PublishBenchmark {

	private PublishBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int runs = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		int volumes = (args.length > 1) ? Integer.parseInt(args[1]) : 100;
		List<Run> results = new ArrayList<>();
		for (int i = 1; i <= runs; i++) {
			Run run = runOnce(volumes);
			System.out.printf("run %d: %s%n", i, run);
			results.add(run);
		}
		System.out.printf(
				"median of %d runs (%d volumes, %s, %d cores): ready %d ms, publish p50 %.2f ms, p99 %.2f ms, "
						+ "RSS idle %d MiB, RSS with %d volumes %d MiB%n",
				runs, volumes, System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
				median(results, Run::readyMillis), medianDouble(results, Run::p50), medianDouble(results, Run::p99),
				median(results, Run::idleRssMiB), volumes, median(results, Run::loadedRssMiB));
	}

	private static Run runOnce(int volumes) throws Exception {
		Path root = Files.createTempDirectory(Path.of("/tmp"), "bench");
		Path kubelet = root.resolve("kubelet");
		prepare(root);
		long started = System.nanoTime();
		try (DriverProcess driver = DriverProcess.start(root.resolve("driver.log"), "--standalone",
				"--endpoint=unix://" + root.resolve("csi.sock"), "--spc-dir=" + root.resolve("spc"),
				"--state-dir=" + root.resolve("state"), "--kubelet-root-dir=" + kubelet, "--metrics-addr=127.0.0.1:0",
				"--provider-volume=" + root.resolve("p"), "--additional-provider-volume-paths=",
				"--secrets-store.provider.local.root=" + root.resolve("secrets"));
				KubeletClient client = new KubeletClient(root.resolve("csi.sock"), kubelet)) {
			long readyMillis = DriverProcess.awaitReady(root.resolve("csi.sock"), started);
			TimeUnit.SECONDS.sleep(5);
			long idle = driver.rssMiB();
			for (int i = 0; i < 200; i++) {
				PodVolume warm = PodVolume.of("default", "warm-" + i, "secrets", "bench");
				client.publish(warm, Map.of());
				client.unpublish(warm);
			}
			List<Double> latencies = new ArrayList<>();
			for (int i = 0; i < volumes; i++) {
				long begin = System.nanoTime();
				client.publish(PodVolume.of("default", "pod-" + i, "secrets", "bench"), Map.of());
				latencies.add((System.nanoTime() - begin) / 1e6);
			}
			TimeUnit.SECONDS.sleep(2);
			long loaded = driver.rssMiB();
			for (int i = 0; i < volumes; i++) {
				client.unpublish(PodVolume.of("default", "pod-" + i, "secrets", "bench"));
			}
			Collections.sort(latencies);
			return new Run(readyMillis, percentile(latencies, 50), percentile(latencies, 99), idle, loaded);
		}
		finally {
			DriverProcess.delete(root);
		}
	}

	private static void prepare(Path root) throws IOException {
		Files.createDirectories(root.resolve("spc"));
		Files.createDirectories(root.resolve("secrets"));
		for (String name : List.of("a", "b", "c")) {
			Files.writeString(root.resolve("secrets").resolve(name), "secret-" + name + "-".repeat(64));
		}
		Files.writeString(root.resolve("spc/bench.yaml"), """
				apiVersion: secrets-store.csi.x-k8s.io/v1
				kind: SecretProviderClass
				metadata: {name: bench}
				spec:
				  provider: local
				  parameters:
				    objects: |
				      - objectName: a
				      - objectName: b
				      - objectName: c
				""");
	}

	private static double percentile(List<Double> sorted, int percent) {
		int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index));
	}

	private static long median(List<Run> runs, java.util.function.ToLongFunction<Run> value) {
		return runs.stream().mapToLong(value).sorted().toArray()[runs.size() / 2];
	}

	private static double medianDouble(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
		return runs.stream().mapToDouble(value).sorted().toArray()[runs.size() / 2];
	}

	private record Run(long readyMillis, double p50, double p99, long idleRssMiB, long loadedRssMiB) {

		@Override
		public String toString() {
			return String.format("ready %d ms, publish p50 %.2f ms, p99 %.2f ms, RSS idle %d MiB, loaded %d MiB",
					this.readyMillis, this.p50, this.p99, this.idleRssMiB, this.loadedRssMiB);
		}

	}

}
