package dev.secretsstore.driver.provider;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.RetryableProviderException;
import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.plugin.PluginClient;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Every provider call goes through here: a deadline (plugins carry it on the gRPC call; in-process providers run on
 * a worker thread), a circuit breaker per provider name that opens when the provider keeps failing transiently, so
 * one dead store stops costing every volume a timeout, and retries of transient failures with exponential backoff
 * and jitter that honour the store's Retry-After. Final failures (bad parameters, not found, denied) are neither
 * retried nor counted against the provider.
 */
public class ProviderCalls {

	private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

	private final CircuitBreakerRegistry breakers;

	private final RetryRegistry retries;

	private final ExecutorService workers;

	private final Duration deadline;

	private final MeterRegistry meters;

	public ProviderCalls(CircuitBreakerRegistry breakers, RetryRegistry retries, ExecutorService workers,
			Duration deadline, MeterRegistry meters) {
		this.breakers = breakers;
		this.retries = retries;
		this.workers = workers;
		this.deadline = deadline;
		this.meters = meters;
	}

	/**
	 * The circuit breakers' defaults: open when half of the last 10 calls (at least 5) failed transiently, stay
	 * open 30 s, then let 2 trial calls through.
	 */
	public static CircuitBreakerConfig circuitBreakerConfig() {
		return CircuitBreakerConfig.custom()
			.slidingWindowSize(10)
			.minimumNumberOfCalls(5)
			.failureRateThreshold(50)
			.waitDurationInOpenState(Duration.ofSeconds(30))
			.permittedNumberOfCallsInHalfOpenState(2)
			.recordException((ex) -> ex instanceof RetryableProviderException)
			.build();
	}

	/**
	 * The retries' defaults: 3 attempts, 0.5 s doubling with ±50% jitter, or what the store's Retry-After says
	 * (at most 30 s).
	 */
	public static RetryConfig retryConfig(int maxAttempts, Duration initialBackoff) {
		return RetryConfig.custom()
			.maxAttempts(maxAttempts)
			.retryOnException((ex) -> ex instanceof RetryableProviderException)
			.intervalBiFunction((attempt, outcome) -> backoff(attempt, initialBackoff, outcome))
			.build();
	}

	/**
	 * Calls {@code provider} under its deadline, breaker and retries, and times the call (retries included) as
	 * {@code secrets_store_provider_call_seconds{provider, outcome}}; the outcome is {@code success} or the failure's
	 * reason.
	 */
	public MountResponse mount(SecretProvider provider, MountRequest request) throws ProviderException {
		Timer.Sample sample = Timer.start(this.meters);
		String outcome = "success";
		try {
			return call(provider, request);
		}
		catch (ProviderException ex) {
			outcome = ex.reason().name().toLowerCase(java.util.Locale.ROOT);
			throw ex;
		}
		finally {
			sample.stop(Timer.builder("secrets_store_provider_call")
				.description("Time of calls to providers, retries included")
				.tag("provider", provider.name())
				.tag("outcome", outcome)
				.register(this.meters));
		}
	}

	private MountResponse call(SecretProvider provider, MountRequest request) throws ProviderException {
		CircuitBreaker breaker = this.breakers.circuitBreaker(provider.name());
		Retry retry = this.retries.retry(provider.name());
		try {
			return Retry.decorateCheckedSupplier(retry,
					CircuitBreaker.decorateCheckedSupplier(breaker, () -> withDeadline(provider, request)))
				.get();
		}
		catch (CallNotPermittedException ex) {
			throw new RetryableProviderException("", "provider " + provider.name() + " is failing; its circuit "
					+ "breaker is open, so it is not called until it half-opens", null, ex);
		}
		catch (ProviderException | RuntimeException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	private MountResponse withDeadline(SecretProvider provider, MountRequest request) throws ProviderException {
		if (provider instanceof PluginClient) {
			return provider.mount(request);
		}
		Future<MountResponse> call = this.workers.submit(() -> provider.mount(request));
		try {
			return call.get(this.deadline.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			throw new RetryableProviderException("", "provider " + provider.name() + " did not answer within "
					+ this.deadline, null, ex);
		}
		catch (InterruptedException ex) {
			call.cancel(true);
			Thread.currentThread().interrupt();
			throw new RetryableProviderException("", "interrupted while calling provider " + provider.name(), null, ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof ProviderException failure) {
				throw failure;
			}
			throw new ProviderException(ProviderException.Reason.FAILED, "",
					"provider " + provider.name() + " failed unexpectedly: " + ex.getCause().getClass().getName(),
					ex.getCause());
		}
	}

	private static long backoff(int attempt, Duration initial, Either<Throwable, ?> outcome) {
		if (outcome.isLeft() && outcome.getLeft() instanceof RetryableProviderException retryable
				&& retryable.retryAfter().isPresent()) {
			Duration after = retryable.retryAfter().get();
			return Math.min(after.toMillis(), MAX_RETRY_AFTER.toMillis());
		}
		long base = initial.toMillis() * (1L << Math.min(attempt - 1, 10));
		long capped = Math.min(base, 5_000);
		return (long) (capped * (0.5 + ThreadLocalRandom.current().nextDouble()));
	}

}
