package dev.secretsstore.driver.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.provider.plugin.PluginServer;
import io.kubernetes.client.openapi.models.V1Pod;

/**
 * What a cluster gives the driver's container in {@code deploy/image/run-e2e.sh}, run on
 * the host outside the container: the {@link KubernetesApiDouble} holding a
 * SecretProviderClass of the e2e provider and one pod on the node, and the
 * {@link E2eProvider} served as a remote plugin on {@code
 *
<dir>
 * /providers/e2e-provider.sock}, the folder the script mounts where the chart mounts the
 * providers' folder. It writes into {@code
 *
<dir>
 * }: {@code kubeconfig} (for the driver's {@code KUBECONFIG}), {@code api-url},
 * {@code pod-uid} (kubelet publishes under the UID the API server gave the pod),
 * {@code operator-token} (a bearer token the double authenticates as {@value #OPERATOR}
 * and lets post {@code /actuator/rotations}, as an operator's RBAC would) and, once all
 * is up, {@code ready}. Creating {@code
 *
<dir>
 * /rotate} turns the provider's rotation switch on: the pod's objects then read
 * {@code rotated}. It stays up until killed.
 * <p>
 * {@code await-probe <socket> <seconds>} instead waits until a driver answers Probe on a
 * CSI socket and prints the wall-clock time of that answer in epoch milliseconds, so that
 * the script can measure the container's start to ready without paying a JVM start per
 * attempt.
 *
 * <pre>
 * java -cp &lt;driver-app test classpath&gt; dev.secretsstore.driver.testing.ImageE2eCluster &lt;dir&gt; &lt;node&gt;
 * java -cp &lt;driver-app test classpath&gt; dev.secretsstore.driver.testing.ImageE2eCluster await-probe &lt;socket&gt; 120
 * </pre>
 */
public final class ImageE2eCluster {

	/**
	 * The SecretProviderClass the pod's volume names; as in the Go driver's e2e suite.
	 */
	public static final String SPC = "e2e-provider";

	/** The pod, in namespace {@code default}. */
	public static final String POD = "image-e2e";

	/** The user the operator token authenticates as. */
	public static final String OPERATOR = "system:serviceaccount:default:image-e2e-operator";

	private ImageE2eCluster() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 3 && args[0].equals("await-probe")) {
			awaitProbe(Path.of(args[1]), Long.parseLong(args[2]));
			return;
		}
		if (args.length != 2) {
			System.err.println("usage: ImageE2eCluster <dir> <node> | await-probe <socket> <seconds>");
			System.exit(2);
		}
		Path dir = Path.of(args[0]);
		String node = args[1];
		Files.createDirectories(dir.resolve("providers"));
		E2eProvider provider = new E2eProvider();
		KubernetesApiDouble api = KubernetesApiDouble.start();
		PluginServer plugin = PluginServer.serve(dir.resolve("providers").resolve(E2eProvider.NAME + ".sock"),
				provider);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			plugin.close();
			api.close();
			stopped.countDown();
		}));
		Workloads workloads = new Workloads(api, node);
		workloads.secretProviderClass("v1", "default", SPC, List.of());
		V1Pod pod = workloads.pod("default", POD, null, SPC);
		api.writeKubeConfig(dir.resolve("kubeconfig"));
		Files.writeString(dir.resolve("api-url"), api.url());
		Files.writeString(dir.resolve("pod-uid"), pod.getMetadata().getUid());
		String operatorToken = UUID.randomUUID().toString();
		api.acceptToken(operatorToken, OPERATOR);
		api.allow(OPERATOR, "post", "/actuator/rotations");
		Files.writeString(dir.resolve("operator-token"), operatorToken);
		// last: the script waits for this file before it starts the container
		Files.writeString(dir.resolve("ready"), "");
		System.out.println("API server double at " + api.url() + ", e2e provider on " + dir.resolve("providers"));
		Path rotate = dir.resolve("rotate");
		while (!stopped.await(100, TimeUnit.MILLISECONDS)) {
			if (Files.exists(rotate)) {
				provider.rotated(true);
			}
		}
	}

	/**
	 * Waits until the driver on {@code socket} answers Probe with ready, trying every 20
	 * ms with a new connection (gRPC's reconnect backoff would otherwise add up to
	 * seconds), then prints the time in epoch milliseconds. Says {@code polling} on
	 * standard error once it is warm, so that the caller starts the clock after that.
	 */
	private static void awaitProbe(Path socket, long seconds) throws InterruptedException {
		// one attempt before the clock matters: loads gRPC and Netty, which would
		// otherwise count as the driver's time
		boolean ready = probe(socket);
		System.err.println("polling Probe on " + socket);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!ready && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(20);
			ready = probe(socket);
		}
		if (!ready) {
			System.err.println("no ready answer to Probe on " + socket + " within " + seconds + " s");
			System.exit(1);
		}
		System.out.println(System.currentTimeMillis());
	}

	private static boolean probe(Path socket) {
		try (KubeletClient client = new KubeletClient(socket, socket.getParent())) {
			return client.probe();
		}
		catch (RuntimeException notYet) {
			// no socket yet, or bound but not serving yet
			return false;
		}
	}

}
