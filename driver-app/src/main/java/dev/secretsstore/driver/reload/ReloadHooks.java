package dev.secretsstore.driver.reload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.rotation.RotationListener;
import dev.secretsstore.driver.volume.VersionChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * After a rotation changed a pod's files, POSTs to the pod's reload endpoint
 * ({@link ReloadUrl}) on a thread of its own, so rotation never waits on a pod: each call
 * has a deadline, a failed one (no answer, 5xx, 429) is made again after a backoff that
 * doubles, and a 4xx other than 429 is final. The body names what changed, never a value:
 * {@code {"namespace", "pod", "secretProviderClass", "objects": [ids]}}. Redirects are
 * not followed: the driver calls the pod and nothing else. Nothing happens for a rotation
 * that changed nothing, so an idle pass makes no call. Counted as
 * {@code secrets_store_reload_hook_calls_total{outcome}}, one per rotation.
 */
public class ReloadHooks implements RotationListener, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ReloadHooks.class);

	private static final int TOO_MANY_REQUESTS = 429;

	private final ReloadTargets targets;

	private final List<ReloadListener> listeners;

	private final ReloadProperties properties;

	private final ExecutorService callers;

	private final MeterRegistry meters;

	private final HttpClient http;

	private final JsonMapper json = JsonMapper.builder().build();

	public ReloadHooks(ReloadTargets targets, List<ReloadListener> listeners, ReloadProperties properties,
			ExecutorService callers, MeterRegistry meters) {
		this.targets = targets;
		this.listeners = List.copyOf(listeners);
		this.properties = properties;
		this.callers = callers;
		this.meters = meters;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	@Override
	public void onRotation(RotationEvent event) {
		if (event.outcome() != RotationEvent.Outcome.ROTATED || event.changes().isEmpty()) {
			return;
		}
		try {
			this.callers.execute(() -> tell(event));
		}
		catch (RejectedExecutionException ex) {
			// the driver is stopping
		}
	}

	private void tell(RotationEvent event) {
		Optional<URI> endpoint;
		try {
			endpoint = this.targets.of(event);
		}
		catch (IllegalArgumentException ex) {
			finished(new ReloadOutcome(event, null, false, 0, ex.getMessage()));
			return;
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot tell whether pod {}/{} wants a reload: {}", event.namespace(), event.pod(),
					ex.getMessage());
			return;
		}
		endpoint.ifPresent((uri) -> finished(call(event, uri)));
	}

	private ReloadOutcome call(RotationEvent event, URI uri) {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body(event)))
			.build();
		Duration wait = this.properties.backoff();
		String detail = "not called";
		int attempts = Math.max(1, this.properties.attempts());
		for (int call = 1; call <= attempts; call++) {
			try {
				HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
				int status = response.statusCode();
				if (status >= 200 && status < 300) {
					return new ReloadOutcome(event, uri, true, call, "HTTP " + status);
				}
				detail = "HTTP " + status;
				if (status < 500 && status != TOO_MANY_REQUESTS) {
					return new ReloadOutcome(event, uri, false, call, detail);
				}
			}
			catch (IOException ex) {
				detail = (ex instanceof java.net.http.HttpTimeoutException)
						? "no answer within " + this.properties.timeout()
						: ex.getClass().getSimpleName() + ": " + ex.getMessage();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return new ReloadOutcome(event, uri, false, call, "interrupted");
			}
			if (call < attempts && !sleep(wait)) {
				return new ReloadOutcome(event, uri, false, call, "interrupted");
			}
			wait = wait.multipliedBy(2);
		}
		return new ReloadOutcome(event, uri, false, attempts, detail);
	}

	private byte[] body(RotationEvent event) {
		return this.json
			.writeValueAsBytes(Map.of("namespace", event.namespace(), "pod", event.pod(), "secretProviderClass",
					event.secretProviderClass(), "objects", event.changes().stream().map(VersionChange::id).toList()));
	}

	private void finished(ReloadOutcome outcome) {
		Counter.builder("secrets_store_reload_hook_calls")
			.description("Reload hooks called after rotations, by outcome (one per rotation, retries included)")
			.tag("outcome", outcome.succeeded() ? "success" : "failure")
			.register(this.meters)
			.increment();
		RotationEvent rotation = outcome.rotation();
		if (outcome.succeeded()) {
			logger.info("Told pod {}/{} to reload ({} after {} call(s))", rotation.namespace(), rotation.pod(),
					outcome.detail(), outcome.calls());
		}
		else {
			logger.warn("Reload hook of pod {}/{} failed after {} call(s): {}", rotation.namespace(), rotation.pod(),
					outcome.calls(), outcome.detail());
		}
		for (ReloadListener listener : this.listeners) {
			try {
				listener.onReload(outcome);
			}
			catch (RuntimeException ex) {
				logger.warn("Reporting a reload hook's outcome failed: {}", ex.getMessage());
			}
		}
	}

	/**
	 * Stops the calls under way; those queued are dropped.
	 */
	@Override
	public void close() {
		this.callers.shutdownNow();
	}

	private static boolean sleep(Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
