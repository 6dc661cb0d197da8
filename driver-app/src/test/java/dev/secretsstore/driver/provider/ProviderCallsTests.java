package dev.secretsstore.driver.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.secretsstore.driver.testing.MutableClock;
import dev.secretsstore.driver.testing.ProviderResilience;
import dev.secretsstore.driver.testing.RecordingProvider;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.RetryableProviderException;
import dev.secretsstore.provider.SecretProvider;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProviderCallsTests {

	private final CircuitBreakerRegistry breakers = ProviderResilience.breakers();

	private final RetryRegistry retries = ProviderResilience.retries(3, Duration.ofMillis(5));

	private final ExecutorService workers = Executors.newCachedThreadPool();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ProviderCalls calls = new ProviderCalls(this.breakers, this.retries,
			ProviderResilience.deadlines(Duration.ofMillis(300)), this.workers, ProviderResilience.budgets(),
			this.meters);

	private final MountRequest request = new MountRequest(Map.of(), Map.of(), "/t", 0644, List.of());

	@AfterEach
	void stop() {
		this.workers.shutdownNow();
	}

	@Test
	void transientFailuresAreRetriedUntilTheySucceed() throws Exception {
		FlakyProvider flaky = new FlakyProvider(2, null);
		MountResponse response = this.calls.mount(flaky, this.request);
		assertThat(response.objectVersions()).isNotEmpty();
		assertThat(flaky.calls).isEqualTo(3);
		assertThat(this.meters.get("secrets_store_provider_call")
			.tag("provider", "flaky")
			.tag("outcome", "success")
			.timer()
			.count()).as("one call, retries included").isOne();
	}

	@Test
	void finalFailuresAreNeitherRetriedNorHeldAgainstTheProvider() {
		RecordingProvider provider = new RecordingProvider("vault");
		provider.failure = new ProviderException(Reason.NOT_FOUND, "", "no such secret");
		for (int i = 0; i < 10; i++) {
			assertThat(catchThrowableOfType(ProviderException.class, () -> this.calls.mount(provider, this.request))
				.reason()).isEqualTo(Reason.NOT_FOUND);
		}
		assertThat(provider.calls).hasValue(10);
		assertThat(this.breakers.circuitBreaker("vault").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void theStoresRetryAfterSetsTheWait() throws Exception {
		List<Duration> waits = new ArrayList<>();
		this.retries.retry("aws").getEventPublisher().onRetry((event) -> waits.add(event.getWaitInterval()));
		this.calls.mount(new FlakyProvider(1, Duration.ofMillis(250), "aws"), this.request);
		assertThat(waits).containsExactly(Duration.ofMillis(250));
	}

	@Test
	void aProviderThatKeepsFailingIsCutOffAndOthersAreNot() throws Exception {
		RecordingProvider dead = new RecordingProvider("dead");
		dead.failure = new RetryableProviderException("", "connection refused");
		for (int i = 0; i < 3; i++) {
			catchThrowableOfType(RetryableProviderException.class, () -> this.calls.mount(dead, this.request));
		}
		assertThat(this.breakers.circuitBreaker("dead").getState()).isEqualTo(CircuitBreaker.State.OPEN);
		int callsWhenOpened = dead.calls.get();

		RetryableProviderException cutOff = catchThrowableOfType(RetryableProviderException.class,
				() -> this.calls.mount(dead, this.request));
		assertThat(cutOff.getMessage()).contains("circuit breaker is open");
		assertThat(dead.calls).as("not called while open").hasValue(callsWhenOpened);
		assertThat(this.calls.mount(new RecordingProvider("healthy"), this.request)).isNotNull();

		dead.failure = null;
		this.breakers.circuitBreaker("dead").transitionToHalfOpenState();
		this.calls.mount(dead, this.request);
		this.calls.mount(dead, this.request);
		assertThat(this.breakers.circuitBreaker("dead").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void anInProcessProviderThatHangsMissesItsDeadline() {
		CountDownLatch never = new CountDownLatch(1);
		SecretProvider hanging = new SecretProvider() {
			@Override
			public String name() {
				return "hanging";
			}

			@Override
			public MountResponse mount(MountRequest request) {
				try {
					never.await(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				throw new IllegalStateException("unreachable");
			}
		};
		RetryableProviderException late = catchThrowableOfType(RetryableProviderException.class,
				() -> this.calls.mount(hanging, this.request));
		assertThat(late.getMessage()).contains("did not answer within PT0.3S");
	}

	@Test
	void everyAttemptIsPaidFromItsStoresBudgetAndAThrottledOneLowersTheRate() throws Exception {
		MutableClock clock = new MutableClock();
		StoreBudgets budgets = new StoreBudgets(
				new BudgetProperties(true, 0, 1, Map.of("flaky", new BudgetProperties.Limit(10.0, 10.0))), clock,
				this.meters);
		ProviderCalls calls = new ProviderCalls(this.breakers, this.retries,
				ProviderResilience.deadlines(Duration.ofSeconds(5)), this.workers, budgets, this.meters);
		FlakyProvider flaky = new FlakyProvider(1, Duration.ofMillis(1));
		flaky.throttles = true;
		StoreBudgets.Store store = new StoreBudgets.Store("flaky", "");

		calls.mount(flaky, this.request);

		// a throttled attempt and the answer with its one object
		assertThat(this.meters.get("secrets_store_store_requests").tag("provider", "flaky").counter().count())
			.isEqualTo(2);
		assertThat(this.meters.get("secrets_store_store_throttled").tag("provider", "flaky").counter().count()).isOne();
		assertThat(budgets.budgets()).singleElement().satisfies((budget) -> {
			assertThat(budget.effectiveRate()).as("halved after the throttling").isEqualTo(5);
			assertThat(budget.available()).isEqualTo(8);
		});
		budgets.spend(store, 12);
		assertThat(budgets.untilSolvent(store)).as("4 requests of debt at 5 a second")
			.isEqualTo(Duration.ofMillis(800));
	}

	/** Fails transiently a number of times, then answers. */
	private static final class FlakyProvider implements SecretProvider {

		private final RecordingProvider answer;

		private final Duration retryAfter;

		private int failuresLeft;

		private int calls;

		/** Whether its failures are the store's throttling. */
		private boolean throttles;

		FlakyProvider(int failures, Duration retryAfter) {
			this(failures, retryAfter, "flaky");
		}

		FlakyProvider(int failures, Duration retryAfter, String name) {
			this.failuresLeft = failures;
			this.retryAfter = retryAfter;
			this.answer = new RecordingProvider(name);
		}

		@Override
		public String name() {
			return this.answer.name();
		}

		@Override
		public synchronized MountResponse mount(MountRequest request) throws ProviderException {
			this.calls++;
			if (this.failuresLeft-- > 0) {
				throw this.throttles
						? RetryableProviderException.throttled("Throttling", "slow down", this.retryAfter, null)
						: new RetryableProviderException("Throttling", "slow down", this.retryAfter, null);
			}
			return this.answer.mount(request);
		}

	}

}
