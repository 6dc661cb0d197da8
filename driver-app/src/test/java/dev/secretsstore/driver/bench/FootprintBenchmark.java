package dev.secretsstore.driver.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.provider.plugin.PluginServer;

/**
 * Benchmark of the driver's footprint as a node runs it (shipped JVM options, simulated
 * 200 MiB container): time from process start to the CSI socket answering Probe, then
 * resident memory, loaded classes and (with
 * {@code -Dbench.jvm-args=-XX:NativeMemoryTracking=summary}) the JVM's own breakdown,
 * idle and with N volumes of 10 objects from a remote plugin. Prints figures; asserts
 * nothing.
 *
 * <pre>
 * mvn -q -B -DskipTests install &amp;&amp; mvn -q -B -pl driver-app exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.secretsstore.driver.bench.FootprintBenchmark -Dexec.args="standalone|cluster volumes"
 * </pre>
 */
public final class FootprintBenchmark {

	private FootprintBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		boolean cluster = (args.length > 0) && args[0].equals("cluster");
		int volumes = (args.length > 1) ? Integer.parseInt(args[1]) : 1000;
		BenchNode node = BenchNode.prepare("fbench", "2m", cluster);
		Path root = node.root();
		Path kubelet = node.kubelet();
		int port = node.port();
		List<String> flags = node.flags();
		try (KubernetesApiDouble api = cluster ? RotationBenchmark.startCluster(root, volumes) : null;
				PluginServer plugin = PluginServer.serve(root.resolve("providers/bench.sock"),
						new RotationBenchmark.LatencyProvider(10, 0))) {
			long started = System.nanoTime();
			try (DriverProcess driver = DriverProcess.start(root.resolve("driver.log"),
					cluster ? Map.of("KUBECONFIG", root.resolve("kubeconfig").toString()) : Map.of(),
					flags.toArray(String[]::new));
					KubeletClient client = new KubeletClient(root.resolve("csi.sock"), kubelet)) {
				long ready = DriverProcess.awaitReady(root.resolve("csi.sock"), started);
				long startCpu = driver.cpuMillis();
				TimeUnit.SECONDS.sleep(10);
				System.out.printf(
						"%s: start to Probe ready %d ms (CPU %d ms); idle RSS %d MiB, threads %d, classes %s%n",
						cluster ? "cluster" : "standalone", ready, startCpu, driver.rssMiB(), driver.threads(),
						driver.loadedClasses());
				System.out.print(driver.nativeMemory());
				RotationBenchmark.forEach(volumes,
						(i) -> client.publish(RotationBenchmark.volume(i, cluster), Map.of()));
				TimeUnit.SECONDS.sleep(10);
				System.out.printf("%d volumes x 10 objects: RSS %d MiB, threads %d, classes %s%n", volumes,
						driver.rssMiB(), driver.threads(), driver.loadedClasses());
				System.out.print(driver.nativeMemory());
				System.out.printf("  threads by name: %s%n", driver.threadNames());
				System.out.printf("  %s%n", driver.cgroupMemory());
				long live = driver.liveHeapMiB();
				if (live >= 0) {
					System.out.printf("  live heap after a full collection: %d MiB%n", live);
				}
				if (Boolean.getBoolean("bench.histogram")) {
					System.out.print(driver.heapHistogram(20));
				}
				RotationBenchmark.forEach(volumes, (i) -> client.unpublish(RotationBenchmark.volume(i, cluster)));
			}
		}
		finally {
			DriverProcess.delete(root);
		}
	}

}
