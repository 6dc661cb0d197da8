package dev.secretsstore.driver.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.RetryableProviderException;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.SecretProvider;

/**
 * An in-process provider for tests: answers with a fixed volume or fails as told, and
 * remembers what it was asked.
 */
public final class RecordingProvider implements SecretProvider {

	private final String name;

	public final AtomicInteger calls = new AtomicInteger();

	public volatile MountRequest lastRequest;

	public volatile ProviderException failure;

	public volatile MountResponse response = new MountResponse(List.of(new ObjectVersion("secret/foo", "v1")),
			List.of(new SecretFile("foo", 0, "secret".getBytes(StandardCharsets.UTF_8)),
					new SecretFile("nested/bar", 0400, "bar".getBytes(StandardCharsets.UTF_8))));

	/**
	 * When set, answers instead of {@link #response}: a store whose answer depends on the
	 * request.
	 */
	public volatile Function<MountRequest, MountResponse> responder;

	/** When set, calls wait until it opens: a store that hangs. */
	public volatile CountDownLatch gate;

	/** What {@link #sharesResponsesAcrossPods()} answers. */
	public volatile boolean sharesResponses;

	public RecordingProvider(String name) {
		this.name = name;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public boolean sharesResponsesAcrossPods() {
		return this.sharesResponses;
	}

	@Override
	public MountResponse mount(MountRequest request) throws ProviderException {
		this.calls.incrementAndGet();
		this.lastRequest = request;
		CountDownLatch gate = this.gate;
		if (gate != null) {
			try {
				gate.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new RetryableProviderException("", "interrupted while hanging");
			}
		}
		if (this.failure != null) {
			throw this.failure;
		}
		Function<MountRequest, MountResponse> responder = this.responder;
		return (responder != null) ? responder.apply(request) : this.response;
	}

}
