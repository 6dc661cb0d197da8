package dev.secretsstore.driver.kubernetes;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.options.ListOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How a watch behaves when the API server will not let it list: RBAC does not change by
 * asking again.
 */
@ExtendWith(OutputCaptureExtension.class)
class WatchedObjectsTests {

	private final AtomicInteger requests = new AtomicInteger();

	private HttpServer server;

	private WatchedObjects<V1Secret, String> watched;

	@AfterEach
	void stop() {
		if (this.watched != null) {
			this.watched.close();
		}
		this.server.stop(0);
	}

	@Test
	void aForbiddenListIsReportedOnceWithTheFixAndNotAskedAgain(CapturedOutput output) throws Exception {
		answer(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
				+ "\"secrets is forbidden\",\"reason\":\"Forbidden\",\"code\":403}");

		this.watched = start();
		await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("Cannot watch managed secrets"));
		int afterRefusal = this.requests.get();
		Thread.sleep(3000);

		assertThat(this.requests.get()).isEqualTo(afterRefusal).isOne();
		assertThat(output.getOut()).contains("403 Forbidden", "install the chart with syncSecret.enabled=true");
		assertThat(output.getOut().split("Cannot watch managed secrets", -1)).hasSize(2);
		assertThat(this.watched.hasSynced()).isFalse();
		assertThat(this.watched.get("apps", "db")).isEmpty();
		assertThat(this.watched.state()).isEqualTo(WatchedObjects.State.FORBIDDEN);
		Health health = new WatchesHealth(List.of(this.watched)).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("managed secrets", "forbidden");
	}

	@Test
	void aPreparedWatchAsksNothingUntilStarted() throws Exception {
		answer(200, "{\"kind\":\"SecretList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\"},"
				+ "\"items\":[]}");
		ApiClient client = new ApiClient().setBasePath("http://127.0.0.1:" + this.server.getAddress().getPort());
		this.watched = WatchedObjects.prepare("managed secrets", V1Secret.class,
				new GenericKubernetesApi<>(V1Secret.class, V1SecretList.class, "", "v1", "secrets", client),
				new ListOptions(), (secret) -> secret.getMetadata().getName(), "");
		Thread.sleep(1500);
		assertThat(this.requests).hasValue(0);
		assertThat(this.watched.state()).isEqualTo(WatchedObjects.State.NOT_STARTED);

		this.watched.start().start();

		await().atMost(Duration.ofSeconds(10)).until(this.watched::hasSynced);
		assertThat(this.requests.get()).isPositive();
		assertThat(this.watched.state()).isEqualTo(WatchedObjects.State.WATCHING);
		Health health = new WatchesHealth(List.of(this.watched)).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("managed secrets", "watching");
	}

	@Test
	void anotherFailureIsRetriedAndLoggedOnce(CapturedOutput output) throws Exception {
		answer(500, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
				+ "\"etcd is down\",\"code\":500}");

		this.watched = start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.requests.get() >= 3);

		assertThat(output.getOut().split("Watching managed secrets failed", -1)).hasSize(2);
		assertThat(output.getOut()).doesNotContain("Reflector loop failed");
	}

	private WatchedObjects<V1Secret, String> start() {
		ApiClient client = new ApiClient().setBasePath("http://127.0.0.1:" + this.server.getAddress().getPort());
		return WatchedObjects.start("managed secrets", V1Secret.class,
				new GenericKubernetesApi<>(V1Secret.class, V1SecretList.class, "", "v1", "secrets", client),
				new ListOptions().labelSelector("secrets-store.csi.k8s.io/managed=true"),
				(secret) -> secret.getMetadata().getName(), "install the chart with syncSecret.enabled=true");
	}

	private void answer(int code, String body) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.requests.incrementAndGet();
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(code, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		this.server.start();
	}

}
