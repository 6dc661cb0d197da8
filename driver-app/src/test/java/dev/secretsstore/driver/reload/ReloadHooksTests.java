package dev.secretsstore.driver.reload;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.rotation.RotationEvent.Outcome;
import dev.secretsstore.driver.rotation.RotationTrigger;
import dev.secretsstore.driver.volume.VersionChange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reload hooks against a real HTTP server standing for the pod: success, a slow pod, a
 * 500 then success, a pod gone.
 */
class ReloadHooksTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final BlockingQueue<ReloadOutcome> outcomes = new LinkedBlockingQueue<>();

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	private final AtomicInteger calls = new AtomicInteger();

	private HttpServer pod;

	private volatile Handler behaviour = (exchange, call) -> answer(exchange, 200);

	private ReloadHooks hooks;

	private URI endpoint;

	@BeforeEach
	void start() throws IOException {
		this.pod = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.pod.createContext("/-/reload", (exchange) -> {
			this.bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			this.behaviour.handle(exchange, this.calls.incrementAndGet());
		});
		this.pod.setExecutor(Executors.newCachedThreadPool());
		this.pod.start();
		this.endpoint = ReloadUrl.resolve("http://:" + this.pod.getAddress().getPort() + "/-/reload", "127.0.0.1");
		this.hooks = hooks(this.endpoint);
	}

	@AfterEach
	void stop() {
		this.hooks.close();
		this.pod.stop(0);
	}

	@Test
	void aRotationThatChangedFilesTellsThePodWhatChangedButNeverTheValues() throws Exception {
		this.hooks.onRotation(rotation(Outcome.ROTATED));

		ReloadOutcome outcome = next();
		assertThat(outcome.succeeded()).isTrue();
		assertThat(outcome.calls()).isOne();
		assertThat(this.bodies).singleElement()
			.satisfies((body) -> assertThat(body)
				.contains("\"objects\":[\"secret/db-password\"]", "\"pod\":\"web-0\"", "\"namespace\":\"default\"",
						"\"secretProviderClass\":\"app\"")
				.doesNotContain("v2-version"));
		assertThat(this.meters.get("secrets_store_reload_hook_calls").tag("outcome", "success").counter().count())
			.isOne();
	}

	@Test
	void aRotationThatChangedNothingCallsNothing() throws Exception {
		this.hooks.onRotation(rotation(Outcome.UNCHANGED));
		this.hooks.onRotation(rotation(Outcome.FAILED));
		assertThat(this.outcomes.poll(300, TimeUnit.MILLISECONDS)).isNull();
		assertThat(this.calls).hasValue(0);
	}

	@Test
	void aPodThatFailsIsCalledAgainAfterABackoff() throws Exception {
		this.behaviour = (exchange, call) -> answer(exchange, (call == 1) ? 500 : 204);
		this.hooks.onRotation(rotation(Outcome.ROTATED));

		ReloadOutcome outcome = next();
		assertThat(outcome.succeeded()).isTrue();
		assertThat(outcome.calls()).isEqualTo(2);
		assertThat(outcome.detail()).isEqualTo("HTTP 204");
	}

	@Test
	void aSlowPodMissesTheDeadlineOfEveryCall() throws Exception {
		this.behaviour = (exchange, call) -> {
			sleep(Duration.ofSeconds(2));
			answer(exchange, 200);
		};
		this.hooks.onRotation(rotation(Outcome.ROTATED));

		ReloadOutcome outcome = next();
		assertThat(outcome.succeeded()).isFalse();
		assertThat(outcome.calls()).isEqualTo(3);
		assertThat(outcome.detail()).isEqualTo("no answer within PT0.3S");
		assertThat(this.meters.get("secrets_store_reload_hook_calls").tag("outcome", "failure").counter().count())
			.isOne();
	}

	@Test
	void aClientErrorIsFinal() throws Exception {
		this.behaviour = (exchange, call) -> answer(exchange, 404);
		this.hooks.onRotation(rotation(Outcome.ROTATED));

		ReloadOutcome outcome = next();
		assertThat(outcome.succeeded()).isFalse();
		assertThat(outcome.calls()).isOne();
		assertThat(outcome.detail()).isEqualTo("HTTP 404");
	}

	@Test
	void aPodThatIsGoneFailsAfterEveryCall() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		this.hooks.close();
		this.hooks = hooks(URI.create("http://127.0.0.1:" + closedPort + "/-/reload"));
		this.hooks.onRotation(rotation(Outcome.ROTATED));

		ReloadOutcome outcome = next();
		assertThat(outcome.succeeded()).isFalse();
		assertThat(outcome.calls()).isEqualTo(3);
		assertThat(outcome.detail()).startsWith("ConnectException");
	}

	@Test
	void anInvalidOptInIsReportedWithoutACall() throws Exception {
		this.hooks.close();
		this.hooks = new ReloadHooks((event) -> Optional.of(ReloadUrl.resolve("http://evil.example/x", "10.0.0.1")),
				List.of(this.outcomes::add), properties(), Executors.newSingleThreadExecutor(), this.meters);
		this.hooks.onRotation(rotation(Outcome.ROTATED));

		ReloadOutcome outcome = next();
		assertThat(outcome.succeeded()).isFalse();
		assertThat(outcome.endpoint()).isNull();
		assertThat(outcome.detail()).contains("it names a host");
		assertThat(this.calls).hasValue(0);
	}

	private ReloadHooks hooks(URI target) {
		return new ReloadHooks((event) -> Optional.of(target), List.of(this.outcomes::add), properties(),
				Executors.newSingleThreadExecutor(), this.meters);
	}

	private static ReloadProperties properties() {
		return new ReloadProperties(true, Duration.ofMillis(300), 3, Duration.ofMillis(50), "127.0.0.1");
	}

	private ReloadOutcome next() throws InterruptedException {
		ReloadOutcome outcome = this.outcomes.poll(20, TimeUnit.SECONDS);
		assertThat(outcome).as("an outcome").isNotNull();
		return outcome;
	}

	private static RotationEvent rotation(Outcome outcome) {
		List<VersionChange> changes = (outcome == Outcome.ROTATED)
				? List.of(new VersionChange("secret/db-password", "v1-version", "v2-version")) : List.of();
		return new RotationEvent(Instant.now(), "default", "web-0", "uid-web-0", "app", "vault",
				Path.of("/var/lib/kubelet/pods/uid-web-0/volumes/kubernetes.io~csi/secrets/mount").toString(),
				RotationTrigger.SCHEDULED, outcome, changes, null, null, Duration.ofMillis(5));
	}

	private static void answer(HttpExchange exchange, int status) throws IOException {
		exchange.sendResponseHeaders(status, -1);
		try (OutputStream out = exchange.getResponseBody()) {
			out.flush();
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	private interface Handler {

		void handle(HttpExchange exchange, int call) throws IOException;

	}

}
