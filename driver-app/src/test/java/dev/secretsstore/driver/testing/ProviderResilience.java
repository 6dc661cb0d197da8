package dev.secretsstore.driver.testing;

import java.time.Duration;

import dev.secretsstore.driver.provider.RetryAfterBackoff;
import dev.secretsstore.provider.RetryableProviderException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

/**
 * resilience4j registries for tests that wire provider calls without the application: the shipped defaults of
 * {@code application.properties} ({@code ProviderResilienceTests} checks that the application binds them), with the
 * waits and deadline a test chooses.
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

	/** Retries of transient failures, {@code attempts} in all, waiting from {@code backoff} or as Retry-After says. */
	public static RetryRegistry retries(int attempts, Duration backoff) {
		return RetryRegistry.of(RetryConfig.custom()
			.maxAttempts(attempts)
			.retryExceptions(RetryableProviderException.class)
			.intervalBiFunction(new RetryAfterBackoff(backoff))
			.build());
	}

	/** A deadline of {@code timeout} for in-process providers. */
	public static TimeLimiterRegistry deadlines(Duration timeout) {
		return TimeLimiterRegistry.of(TimeLimiterConfig.custom().timeoutDuration(timeout).cancelRunningFuture(true).build());
	}

}
