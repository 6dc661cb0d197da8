package dev.secretsstore.driver.reload;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import dev.secretsstore.driver.actuator.RotationsEndpoint;
import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.testing.StandaloneApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reload hooks in the whole driver, standalone: a volume whose attributes opt in is
 * followed, after each rotation that changed it, by a POST to its pod's endpoint (a real
 * HTTP server here); an idle rotation calls nothing.
 */
class ReloadApplicationTests {

	private final List<String> received = new CopyOnWriteArrayList<>();

	private Path root;

	private HttpServer pod;

	private ConfigurableApplicationContext application;

	@BeforeEach
	void start() throws IOException {
		this.pod = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.pod.createContext("/-/reload", (exchange) -> {
			this.received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.pod.start();
		this.root = StandaloneApplication.createRoot("reload");
		Files.writeString(this.root.resolve("secrets/password"), "v1");
		StandaloneApplication.writeLocalClass(this.root, "app", "password");
		this.application = StandaloneApplication.start(this.root, Map.of("secrets-store.rotation.enabled", "true",
				"secrets-store.rotation.poll-interval", "1h", "secrets-store.reload.enabled", "true"));
	}

	@AfterEach
	void stop() throws IOException {
		this.application.close();
		this.pod.stop(0);
		StandaloneApplication.unmountAndDelete(this.root);
	}

	@Test
	void aPodThatOptsInIsToldOfEachRotationThatChangedItsFiles() throws Exception {
		PodVolume optedIn = new PodVolume("default", "web-0", "uid-web-0", "secrets", "app", "default",
				Map.of(ReloadUrl.ANNOTATION, "http://:" + this.pod.getAddress().getPort() + "/-/reload"));
		try (KubeletClient kubelet = new KubeletClient(this.root.resolve("csi.sock"), this.root.resolve("kubelet"))) {
			kubelet.publish(optedIn, Map.of());
			kubelet.publish(PodVolume.of("default", "api-0", "secrets", "app"), Map.of());
		}
		RotationsEndpoint rotations = this.application.getBean(RotationsEndpoint.class);

		rotations.rotateNow(null, null, null);
		Thread.sleep(300);
		assertThat(this.received).as("nothing changed: no call").isEmpty();

		Files.writeString(this.root.resolve("secrets/password"), "v2");
		rotations.rotateNow(null, null, null);

		await().atMost(Duration.ofSeconds(10)).until(() -> !this.received.isEmpty());
		assertThat(this.received).singleElement()
			.satisfies(
					(body) -> assertThat(body).contains("\"pod\":\"web-0\"", "\"objects\":[\"").doesNotContain("v2"));
		String port = this.application.getEnvironment().getProperty("local.server.port");
		String metrics = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		assertThat(metrics).contains("secrets_store_reload_hook_calls_total{outcome=\"success\"} 1.0");
	}

}
