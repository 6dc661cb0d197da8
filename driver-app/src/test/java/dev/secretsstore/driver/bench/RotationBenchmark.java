package dev.secretsstore.driver.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.model.CustomResources;
import dev.secretsstore.driver.testing.ApiRequest;
import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.plugin.PluginServer;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;

/**
 * Benchmark of rotation passes in the packaged driver (shipped JVM options, simulated 200
 * MiB container): N volumes of M objects each from a remote plugin that answers after a
 * set latency, then full passes over every volume (asked on demand through
 * {@code POST /actuator/rotations}, which runs a pass with the configured parallelism)
 * with unchanged content and with every object changed. Reports per pass: wall time, the
 * driver's CPU time, plugin calls, API requests (cluster mode) and the driver's resident
 * memory. Prints figures; asserts nothing. The plugin's store has no request budget
 * unless {@code -Dbench.budget=<requests a second>} gives it one.
 * <p>
 * Mode {@code standalone} reads the SecretProviderClass from a folder. Mode
 * {@code cluster} runs against an in-process {@link KubernetesApiDouble} (watches served
 * over HTTP): the class lists a synced Secret, each pod belongs to one ReplicaSet, and an
 * idle period of scheduled passes is measured too, which should cost no API request.
 *
 * <pre>
 * mvn -q -B -DskipTests install &amp;&amp; mvn -q -B -pl driver-app exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.secretsstore.driver.bench.RotationBenchmark \
 *   -Dexec.args="volumes objects latencyMillis standalone|cluster"
 * </pre>
 */
public final class RotationBenchmark {

	private RotationBenchmark() {
	}

	/**
	 * What the benchmark's operator presents to rotate: in cluster mode the double
	 * authenticates it and lets it post the rotations; standalone, the request comes from
	 * loopback and needs none.
	 */
	private static final String OPERATOR_TOKEN = "bench-operator-token";

	public static void main(String[] args) throws Exception {
		int volumes = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int objects = (args.length > 1) ? Integer.parseInt(args[1]) : 10;
		long latency = (args.length > 2) ? Long.parseLong(args[2]) : 0;
		boolean cluster = (args.length > 3) && args[3].equals("cluster");
		BenchNode node = BenchNode.prepare("rbench", "24h", cluster);
		Path root = node.root();
		Path kubelet = node.kubelet();
		int port = node.port();
		List<String> flags = new java.util.ArrayList<>(node.flags());
		// -Dbench.budget=<requests a second>: the plugin's store gets that request
		// budget; without it, none, so that
		// passes measure the driver rather than the budget
		String budget = System.getProperty("bench.budget");
		flags.add((budget != null) ? "--secrets-store.budget.rate=" + budget : "--secrets-store.budget.enabled=false");
		// -Dbench.args="--x=y ...": more of the driver's flags, such as the reload hooks
		// or restarts to show that an
		// idle pass still costs nothing with them on
		String more = System.getProperty("bench.args", "").strip();
		if (!more.isEmpty()) {
			flags.addAll(List.of(more.split("\\s+")));
		}
		LatencyProvider provider = new LatencyProvider(objects, latency);
		try (KubernetesApiDouble api = cluster ? startCluster(root, volumes) : null;
				PluginServer plugin = PluginServer.serve(root.resolve("providers/bench.sock"), provider);
				DriverProcess driver = DriverProcess.start(root.resolve("driver.log"),
						cluster ? Map.of("KUBECONFIG", root.resolve("kubeconfig").toString()) : Map.of(),
						flags.toArray(String[]::new));
				KubeletClient client = new KubeletClient(root.resolve("csi.sock"), kubelet)) {
			DriverProcess.awaitReady(root.resolve("csi.sock"), System.nanoTime());
			ApiRequests requests = new ApiRequests(api);
			long started = System.nanoTime();
			publishAll(client, volumes, cluster);
			System.out.printf("published %d volumes x %d objects (%s) in %d ms; API requests %s; RSS %d MiB%n", volumes,
					objects, cluster ? "cluster" : "standalone", (System.nanoTime() - started) / 1_000_000,
					requests.sinceLast(), driver.rssMiB());
			if (cluster) {
				// the scheduled passes run every 5 s; with a 24 h interval none is due,
				// so they should ask nothing
				Thread.sleep(2000);
				requests.sinceLast();
				long cpuBefore = driver.cpuMillis();
				Thread.sleep(15_000);
				System.out.printf("idle 15 s (3 scheduled passes): driver CPU %d ms, API requests %s%n",
						driver.cpuMillis() - cpuBefore, requests.sinceLast());
			}
			for (String pass : List.of("unchanged", "unchanged", "all changed", "unchanged")) {
				if (pass.equals("all changed")) {
					provider.generation.incrementAndGet();
				}
				int callsBefore = provider.calls.get();
				long cpuBefore = driver.cpuMillis();
				long begin = System.nanoTime();
				String body = rotateAll(port);
				long wall = (System.nanoTime() - begin) / 1_000_000;
				System.out.printf(
						"pass (%s, latency %d ms): wall %d ms, driver CPU %d ms, plugin calls %d, "
								+ "rotated %d, failed %d, API requests %s, RSS %d MiB%n",
						pass, latency, wall, driver.cpuMillis() - cpuBefore, provider.calls.get() - callsBefore,
						count(body, "\"outcome\":\"ROTATED\""), count(body, "\"outcome\":\"FAILED\""),
						requests.sinceLast(), driver.rssMiB());
			}
			unpublishAll(client, volumes, cluster);
		}
		finally {
			DriverProcess.delete(root);
		}
	}

	private static void publishAll(KubeletClient client, int volumes, boolean cluster) throws Exception {
		forEach(volumes, (i) -> client.publish(volume(i, cluster), Map.of()));
	}

	private static void unpublishAll(KubeletClient client, int volumes, boolean cluster) throws Exception {
		forEach(volumes, (i) -> client.unpublish(volume(i, cluster)));
	}

	static PodVolume volume(int index, boolean cluster) {
		PodVolume volume = PodVolume.of("default", "pod-" + index, "secrets", "bench");
		return cluster ? new PodVolume(volume.namespace(), volume.podName(), podUids[index], volume.volumeName(),
				volume.secretProviderClass(), volume.serviceAccount(), volume.attributes()) : volume;
	}

	/** The UIDs the API server gave the pods, by index (cluster mode). */
	private static String[] podUids = new String[0];

	/**
	 * The API double with what a cluster would hold: the SecretProviderClass (with a
	 * synced Secret), one ReplicaSet and its pods on this node, and a kubeconfig pointing
	 * at it.
	 */
	static KubernetesApiDouble startCluster(Path root, int volumes) throws Exception {
		KubernetesApiDouble api = KubernetesApiDouble.start();
		api.acceptToken(OPERATOR_TOKEN, "system:serviceaccount:default:bench-operator");
		api.allow("system:serviceaccount:default:bench-operator", "post", "/actuator/rotations");
		api.create("default", CustomResources.SECRET_PROVIDER_CLASSES,
				Map.of("apiVersion", "secrets-store.csi.x-k8s.io/v1", "kind", "SecretProviderClass", "metadata",
						Map.of("name", "bench", "namespace", "default"), "spec",
						Map.of("provider", "bench", "parameters", Map.of("objects", "all"), "secretObjects",
								List.of(Map.of("secretName", "bench", "type", "Opaque", "data",
										List.of(Map.of("objectName", "s0", "key", "s0")))))));
		V1OwnerReference replicaSet = new V1OwnerReference().apiVersion("apps/v1")
			.kind("ReplicaSet")
			.name("bench-5d4f")
			.uid("3f1b7c52-6a7e-4f0e-9d7a-2b1c0e5f8a90")
			.controller(true);
		podUids = new String[volumes];
		for (int i = 0; i < volumes; i++) {
			podUids[i] = api
				.create(new V1Pod().apiVersion("v1")
					.kind("Pod")
					.metadata(
							new V1ObjectMeta().name("pod-" + i).namespace("default").addOwnerReferencesItem(replicaSet))
					.spec(new V1PodSpec().nodeName("bench-node")
						.addContainersItem(new V1Container().name("app").image("app"))))
				.getMetadata()
				.getUid();
		}
		api.writeKubeConfig(root.resolve("kubeconfig"));
		return api;
	}

	/**
	 * API requests between two reports: those that are not watches, and the watches
	 * opened.
	 */
	private static final class ApiRequests {

		private final KubernetesApiDouble api;

		private int requests;

		private int watches;

		ApiRequests(KubernetesApiDouble api) {
			this.api = api;
		}

		String sinceLast() {
			if (this.api == null) {
				return "n/a";
			}
			// the reviews of the on-demand request itself are not the rotation's cost
			Predicate<ApiRequest> counted = (request) -> !request.isWatch()
					&& !KubernetesApiDouble.isTokenReview(request) && !KubernetesApiDouble.isAccessReview(request);
			int requests = this.api.requestCount(counted);
			int watches = this.api.requestCount(ApiRequest::isWatch);
			String report = (requests - this.requests) + " (+" + (watches - this.watches) + " watches opened)";
			if (Boolean.getBoolean("bench.api-breakdown")) {
				// -Dbench.api-breakdown=true: which requests, by method and resource
				Map<String, Long> kinds = this.api.requests()
					.stream()
					.filter(counted)
					.skip(this.requests)
					.collect(Collectors.groupingBy(
							(request) -> request.method() + " "
									+ request.path().replaceAll("/[^/]*-[0-9a-z]+(?=/|$)", "/*"),
							TreeMap::new, Collectors.counting()));
				report += " " + kinds;
			}
			this.requests = requests;
			this.watches = watches;
			return report;
		}

	}

	static void forEach(int count, java.util.function.IntConsumer action) throws Exception {
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
				.header("Authorization", "Bearer " + OPERATOR_TOKEN)
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

	/**
	 * A provider that answers M objects after a set latency; bump the generation to
	 * change them all.
	 */
	static final class LatencyProvider implements SecretProvider {

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
				files.add(new SecretFile("s" + i, 0,
						("value-" + i + "-" + gen + "-".repeat(48)).getBytes(StandardCharsets.UTF_8)));
			}
			return new MountResponse(versions, files);
		}

	}

}
