package dev.secretsstore.driver.rotation.refresh;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.secretsstore.driver.testing.RecordingProvider;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SharedResponsesTests {

	private final RecordingProvider provider = new RecordingProvider("vault");

	private final AtomicInteger calls = new AtomicInteger();

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	SharedResponsesTests() {
		this.provider.sharesResponses = true;
	}

	@AfterEach
	void stop() {
		this.pool.shutdownNow();
	}

	@Test
	void requestsThatDifferOnlyInThePodShareOneCall() {
		SharedResponses shared = SharedResponses.forOnePass();

		MountResponse first = shared.fetch(this.provider, request("web-0", "default", Map.of()), this::call);
		MountResponse second = shared.fetch(this.provider, request("web-1", "default", Map.of()), this::call);

		assertThat(second).isSameAs(first);
		assertThat(this.calls).hasValue(1);
		assertThat(shared.savedCalls()).isOne();
	}

	@Test
	void anotherServiceAccountOrOtherSecretsAreOtherCalls() {
		SharedResponses shared = SharedResponses.forOnePass();

		shared.fetch(this.provider, request("web-0", "default", Map.of()), this::call);
		shared.fetch(this.provider, request("web-1", "api", Map.of()), this::call);
		shared.fetch(this.provider, request("web-2", "default", Map.of("clientSecret", "x")), this::call);

		assertThat(this.calls).hasValue(3);
	}

	@Test
	void nothingIsSharedWhenTheProviderDoesNotAllowItOrOutsideAPass() {
		this.provider.sharesResponses = false;
		SharedResponses.forOnePass().fetch(this.provider, request("web-0", "default", Map.of()), this::call);
		this.provider.sharesResponses = true;
		SharedResponses.NONE.fetch(this.provider, request("web-0", "default", Map.of()), this::call);
		SharedResponses.NONE.fetch(this.provider, request("web-1", "default", Map.of()), this::call);

		assertThat(this.calls).hasValue(3);
	}

	@Test
	void aRequestMadeWhileTheFirstIsInFlightWaitsForItsAnswer() throws Exception {
		SharedResponses shared = SharedResponses.forOnePass();
		CountDownLatch inFlight = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<MountResponse> first = this.pool
			.submit(() -> shared.fetch(this.provider, request("web-0", "default", Map.of()), () -> {
				inFlight.countDown();
				await(release);
				return call();
			}));
		inFlight.await(5, TimeUnit.SECONDS);
		Future<MountResponse> second = this.pool
			.submit(() -> shared.fetch(this.provider, request("web-1", "default", Map.of()), this::call));

		release.countDown();

		assertThat(second.get(5, TimeUnit.SECONDS)).isSameAs(first.get(5, TimeUnit.SECONDS));
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void anAnswerMarkedPerPodIsNeverHandedToAnotherPod() {
		SharedResponses shared = SharedResponses.forOnePass();
		MountResponse first = shared.fetch(this.provider, request("web-0", "default", Map.of()), this::perPodCall);
		MountResponse second = shared.fetch(this.provider, request("web-1", "default", Map.of()), this::perPodCall);
		MountResponse third = shared.fetch(this.provider, request("web-2", "default", Map.of()), this::perPodCall);

		assertThat(this.calls).as("each pod asks for its own dynamic credential").hasValue(3);
		assertThat(List.of(first, second, third)).extracting((response) -> response.objectVersions().get(0).version())
			.containsExactly("lease-1", "lease-2", "lease-3");
		assertThat(shared.savedCalls()).isZero();
	}

	@Test
	void aFailureIsSharedToo() {
		SharedResponses shared = SharedResponses.forOnePass();
		assertThatIllegalStateException()
			.isThrownBy(() -> shared.fetch(this.provider, request("web-0", "default", Map.of()), () -> {
				this.calls.incrementAndGet();
				throw new IllegalStateException("store down");
			}));

		assertThatIllegalStateException()
			.isThrownBy(() -> shared.fetch(this.provider, request("web-1", "default", Map.of()), this::call))
			.withMessage("store down");
		assertThat(this.calls).hasValue(1);
	}

	private MountResponse call() {
		this.calls.incrementAndGet();
		return new MountResponse(List.of(new ObjectVersion("db", "v1")), List.of());
	}

	private MountResponse perPodCall() {
		int call = this.calls.incrementAndGet();
		return new MountResponse(List.of(new ObjectVersion("db", "lease-" + call)), List.of(), true, Map.of());
	}

	private static MountRequest request(String pod, String serviceAccount, Map<String, String> secrets) {
		Map<String, String> attributes = new HashMap<>(
				Map.of("roleName", "app", MountRequest.POD_NAME, pod, MountRequest.POD_NAMESPACE, "default",
						MountRequest.POD_UID, "uid-" + pod, MountRequest.SERVICE_ACCOUNT_NAME, serviceAccount,
						MountRequest.SERVICE_ACCOUNT_TOKENS, "{\"vault\":{\"token\":\"jwt-of-" + pod + "\"}}"));
		return new MountRequest(attributes, secrets, "/pods/" + pod + "/mount", 420, List.of());
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
