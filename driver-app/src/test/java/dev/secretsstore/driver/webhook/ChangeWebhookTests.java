package dev.secretsstore.driver.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.testing.StandaloneApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The change webhook in the whole driver (standalone, the local provider, rotation with
 * an interval of an hour), over real HTTP: an authenticated notification rotates the
 * volumes that read the object at once, anything else rotates nothing.
 */
class ChangeWebhookTests {

	private static final String TOKEN = "s3cret-webhook-token-0123456789";

	private Path root;

	private ConfigurableApplicationContext application;

	private Path target;

	@BeforeEach
	void start() throws IOException {
		this.root = StandaloneApplication.createRoot("webhook");
		Files.writeString(this.root.resolve("secrets/password"), "v1");
		Files.writeString(this.root.resolve("secrets/api-key"), "k1");
		Files.writeString(this.root.resolve("token"), TOKEN + "\n");
		StandaloneApplication.writeLocalClass(this.root, "password", "password");
		StandaloneApplication.writeLocalClass(this.root, "api-key", "api-key");
		this.application = StandaloneApplication.start(this.root,
				Map.of("secrets-store.rotation.enabled", "true", "secrets-store.rotation.poll-interval", "1h",
						"secrets-store.webhook.enabled", "true", "secrets-store.webhook.addr", "127.0.0.1:0",
						"secrets-store.webhook.token-file", this.root.resolve("token").toString(),
						"secrets-store.webhook.max-body-bytes", "4096"));
		try (KubeletClient kubelet = new KubeletClient(this.root.resolve("csi.sock"), this.root.resolve("kubelet"))) {
			this.target = kubelet.publish(PodVolume.of("default", "web-0", "secrets", "password"), Map.of());
			kubelet.publish(PodVolume.of("default", "api-0", "secrets", "api-key"), Map.of());
		}
	}

	@AfterEach
	void stop() throws IOException {
		if (this.application != null) {
			this.application.close();
		}
		StandaloneApplication.unmountAndDelete(this.root);
	}

	@Test
	void anAuthenticatedChangeRotatesAtOnceTheVolumesThatReadTheObject() throws Exception {
		Files.writeString(this.root.resolve("secrets/password"), "v2");
		Files.writeString(this.root.resolve("secrets/api-key"), "k2");

		HttpResponse<String> response = post("/changes", "{\"provider\":\"local\",\"object\":\"password\"}",
				"Authorization", "Bearer " + TOKEN);

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.body()).isEqualTo("{\"changes\":1,\"volumes\":1}");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.target.resolve("password")).hasContent("v2"));
		Path apiKey = PodVolume.of("default", "api-0", "secrets", "api-key").targetPath(this.root.resolve("kubelet"));
		assertThat(apiKey.resolve("api-key")).as("a volume that does not read the object waits for its interval")
			.hasContent("k1");
		assertThat(get("/actuator/rotations")).contains("\"trigger\":\"STORE_CHANGE\"");
		assertThat(get("/actuator/prometheus"))
			.contains("secrets_store_webhook_notifications_total{format=\"plain\",outcome=\"rotated\"} 1.0");
	}

	@Test
	void theTokenMayComeAsTheApiKeyHeaderOrTheQueryOfAnEventGridSubscription() throws Exception {
		assertThat(post("/changes", "{\"provider\":\"local\",\"object\":\"nothing-reads-this\"}",
				ChangeWebhookServer.TOKEN_HEADER, TOKEN)
			.body()).isEqualTo("{\"changes\":1,\"volumes\":0}");
		HttpResponse<String> validation = post("/changes?code=" + TOKEN, new String(
				getClass().getResourceAsStream("/webhook/eventgrid-subscription-validation.json").readAllBytes()));
		assertThat(validation.statusCode()).isEqualTo(200);
		assertThat(validation.body()).isEqualTo("{\"validationResponse\":\"512d38b6-c7b8-40c8-89fe-f46f9e9622b6\"}");
	}

	@Test
	void withoutTheTokenOrWithABadBodyNothingRotates() throws Exception {
		Files.writeString(this.root.resolve("secrets/password"), "v2");
		String change = "{\"provider\":\"local\",\"object\":\"password\"}";

		assertThat(post("/changes", change).statusCode()).isEqualTo(401);
		HttpResponse<String> forged = post("/changes", change, "Authorization", "Bearer " + TOKEN + "x");
		assertThat(forged.statusCode()).isEqualTo(401);
		assertThat(forged.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(post("/changes?code=wrong", change).statusCode()).isEqualTo(401);
		assertThat(post("/changes", "{not json", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(400);
		assertThat(post("/changes", "{\"provider\":\"local\",\"object\":\"" + "x".repeat(5000) + "\"}", "Authorization",
				"Bearer " + TOKEN)
			.statusCode()).isEqualTo(413);
		assertThat(post("/other", change, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
		assertThat(send(HttpRequest.newBuilder(uri("/changes")).GET().build()).statusCode()).isEqualTo(405);

		Thread.sleep(500);
		assertThat(this.target.resolve("password")).hasContent("v1");
		assertThat(get("/actuator/rotations")).doesNotContain("STORE_CHANGE");
	}

	@Test
	void aTokenChangedInItsFileTakesEffectWithoutARestart() throws Exception {
		String next = "the-next-webhook-token-9876543210";
		Files.writeString(this.root.resolve("token"), next);
		Files.setLastModifiedTime(this.root.resolve("token"),
				java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
		String change = "{\"provider\":\"local\",\"object\":\"password\"}";
		assertThat(post("/changes", change, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(401);
		assertThat(post("/changes", change, "Authorization", "Bearer " + next).statusCode()).isEqualTo(202);
	}

	@Test
	void theWebhookRefusesToStartWithoutATokenFile() {
		this.application.close();
		assertThatExceptionOfType(BeanCreationException.class)
			.isThrownBy(() -> StandaloneApplication.start(this.root,
					Map.of("secrets-store.rotation.enabled", "true", "secrets-store.webhook.enabled", "true",
							"secrets-store.webhook.addr", "127.0.0.1:0")))
			.withStackTraceContaining("the change webhook needs a token");
		this.application = null;
	}

	private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json");
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request.build());
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI
			.create("http://127.0.0.1:" + this.application.getEnvironment().getProperty("local.webhook.port") + path);
	}

	private String get(String actuatorPath) throws Exception {
		String port = this.application.getEnvironment().getProperty("local.server.port");
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + actuatorPath)).build()).body();
	}

}
