package dev.secretsstore.driver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.mount.Mounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application in standalone mode with rotation on: the CSI socket answers
 * kubelet's calls and publishes a volume with the built-in local provider, Actuator
 * rotates it on demand, and {@code /metrics} counts it all under the Go driver's metric
 * names.
 */
@SpringBootTest(properties = "server.port=0")
class DriverApplicationTests {

	private static final Path ROOT = createRoot();

	@LocalServerPort
	int port;

	@Autowired
	Mounter mounter;

	@DynamicPropertySource
	static void standalone(DynamicPropertyRegistry registry) {
		registry.add("secrets-store.standalone.enabled", () -> "true");
		registry.add("secrets-store.standalone.spc-dir", () -> ROOT.resolve("spc").toString());
		registry.add("secrets-store.standalone.state-dir", () -> ROOT.resolve("state").toString());
		registry.add("secrets-store.provider.local.root", () -> ROOT.resolve("secrets").toString());
		registry.add("secrets-store.provider.volume", () -> ROOT.resolve("providers").toString());
		registry.add("secrets-store.provider.additional-volume-paths", () -> "");
		registry.add("secrets-store.mount.kubelet-root-dir", () -> ROOT.resolve("kubelet").toString());
		registry.add("secrets-store.mount.tmpfs", () -> String.valueOf(isRoot()));
		registry.add("secrets-store.csi.endpoint", () -> "unix://" + ROOT.resolve("csi.sock"));
		registry.add("secrets-store.csi.node-id", () -> "node-1");
		registry.add("secrets-store.rotation.enabled", () -> "true");
		registry.add("secrets-store.rotation.poll-interval", () -> "1h");
	}

	@Test
	void servesKubeletMountsRotatesOnDemandAndCountsInTheGoDriversMetricNames() throws Exception {
		try (KubeletClient kubelet = new KubeletClient(ROOT.resolve("csi.sock"), ROOT.resolve("kubelet"))) {
			assertThat(kubelet.probe()).isTrue();
			assertThat(kubelet.pluginInfo().getName()).isEqualTo("secrets-store.csi.k8s.io");
			assertThat(kubelet.pluginInfo().getVendorVersion()).isNotEmpty();
			PodVolume volume = PodVolume.of("default", "web-0", "secrets", "app");
			Path target = kubelet.publish(volume, Map.of());
			assertThat(target.resolve("password")).hasContent("p4ss");

			assertThat(get("/actuator/secretmounts").body()).contains("\"pod\":\"web-0\"", "file/password");
			Files.writeString(ROOT.resolve("secrets/password"), "n3w");
			HttpResponse<String> rotated = send(HttpRequest.newBuilder(uri("/actuator/rotations"))
				.POST(HttpRequest.BodyPublishers.ofString("{\"pod\":\"web-0\"}"))
				.header("Content-Type", "application/json")
				.build());
			assertThat(rotated.statusCode()).isEqualTo(200);
			assertThat(rotated.body()).contains("\"outcome\":\"ROTATED\"", "\"trigger\":\"ON_DEMAND\"");
			assertThat(target.resolve("password")).hasContent("n3w");
			assertThat(get("/actuator/rotations").body()).contains("ROTATED");

			String metrics = get("/metrics").body();
			assertThat(metrics).contains("node_publish_total{os_type=\"linux\",provider=\"local\"} 1.0",
					"rotation_reconcile_total{os_type=\"linux\",provider=\"local\",rotated=\"true\"} 1.0",
					"rotation_reconcile_duration_sec_bucket",
					"secrets_store_provider_call_seconds_count{outcome=\"success\",provider=\"local\"} 2",
					"secrets_store_stalest_volume_check_age_seconds");

			kubelet.unpublish(volume);
			assertThat(target).doesNotExist();
			assertThat(get("/metrics").body()).contains("node_unpublish_total{os_type=\"linux\"} 1.0");
		}
	}

	@Test
	void actuatorHealthIsUpOnTheMetricsPort() throws Exception {
		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"UP\"");
		assertThat(get("/actuator/secretproviders").body()).contains("\"name\":\"local\"", "in-process",
				"\"breaker\":\"CLOSED\"");
		assertThat(get("/actuator/circuitbreakers").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).build());
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	@AfterAll
	static void cleanUp() throws IOException {
		try (var paths = Files.walk(ROOT)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

	private static boolean isRoot() {
		return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
	}

	private static Path createRoot() {
		try {
			Path root = Files.createTempDirectory(Path.of("/tmp"), "app");
			Files.createDirectories(root.resolve("spc"));
			Files.createDirectories(root.resolve("secrets"));
			Files.writeString(root.resolve("secrets/password"), "p4ss");
			Files.writeString(root.resolve("spc/app.yaml"), """
					apiVersion: secrets-store.csi.x-k8s.io/v1
					kind: SecretProviderClass
					metadata: {name: app, namespace: default}
					spec:
					  provider: local
					  parameters:
					    objects: |
					      - objectName: password
					""");
			return root;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
