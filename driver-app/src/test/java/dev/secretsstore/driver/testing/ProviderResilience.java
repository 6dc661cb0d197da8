package dev.secretsstore.driver.testing;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import dev.secretsstore.driver.provider.BudgetProperties;
import dev.secretsstore.driver.provider.RetryAfterBackoff;
import dev.secretsstore.driver.provider.StoreBudgets;
import dev.secretsstore.provider.RetryableProviderException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * resilience4j registries for tests that wire provider calls without the application: the
 * shipped defaults of {@code application.properties} ({@code ProviderResilienceTests}
 * checks that the application binds them), with the waits and deadline a test chooses.
 */
public final class ProviderResilience {

	private ProviderResilience() {
	}

	/** Circuit breakers with the shipped defaults. */
	public static CircuitBreakerRegistry breakers() {
		return CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.slidingWindowSize(10)
			.minimumNumberOfCalls(5)
			.failureRateThreshold(50)
			.waitDurationInOpenState(Duration.ofSeconds(30))
			.permittedNumberOfCallsInHalfOpenState(2)
			.recordExceptions(RetryableProviderException.class)
			.build());
	}

	/**
	 * Retries of transient failures, {@code attempts} in all, waiting from
	 * {@code backoff} or as Retry-After says.
	 */
	public static RetryRegistry retries(int attempts, Duration backoff) {
		return RetryRegistry.of(RetryConfig.custom()
			.maxAttempts(attempts)
			.retryExceptions(RetryableProviderException.class)
			.intervalBiFunction(new RetryAfterBackoff(backoff))
			.build());
	}

	/** Request budgets without limits, which count what providers are asked. */
	public static StoreBudgets budgets() {
		return new StoreBudgets(new BudgetProperties(true, 0, 1, Map.of()), Clock.systemUTC(),
				new SimpleMeterRegistry());
	}

	/** A deadline of {@code timeout} for in-process providers. */
	public static TimeLimiterRegistry deadlines(Duration timeout) {
		return TimeLimiterRegistry
			.of(TimeLimiterConfig.custom().timeoutDuration(timeout).cancelRunningFuture(true).build());
	}

}
