package dev.secretsstore.driver.provider;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.RetryableProviderException;
import dev.secretsstore.provider.SecretProvider;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Every provider call goes through here, under the resilience4j instances named after the
 * provider, configured by resilience4j's Boot properties
 * ({@code resilience4j.*.configs.default}, and per provider under
 * {@code resilience4j.*.instances.<provider>}): a deadline (plugins carry it on the gRPC
 * call; in-process providers run on a worker thread under a {@link TimeLimiter}), a
 * circuit breaker that opens when the provider keeps failing transiently, so one dead
 * store stops costing every volume a timeout, and retries of transient failures with
 * exponential backoff and jitter that honour the store's Retry-After
 * ({@link RetryAfterBackoff}). Final failures (bad parameters, not found, denied) are
 * neither retried nor counted against the provider. Every attempt is paid for from the
 * request budget of the store it went to ({@link StoreBudgets}), which it never waits
 * for: rotations wait before they start, and a publish goes ahead.
 */
public class ProviderCalls {

	private final CircuitBreakerRegistry breakers;

	private final RetryRegistry retries;

	private final TimeLimiterRegistry deadlines;

	private final ExecutorService workers;

	private final StoreBudgets budgets;

	private final MeterRegistry meters;

	public ProviderCalls(CircuitBreakerRegistry breakers, RetryRegistry retries, TimeLimiterRegistry deadlines,
			ExecutorService workers, StoreBudgets budgets, MeterRegistry meters) {
		this.breakers = breakers;
		this.retries = retries;
		this.deadlines = deadlines;
		this.workers = workers;
		this.budgets = budgets;
		this.meters = meters;
	}

	/**
	 * The store a call of {@code provider} with these SecretProviderClass parameters goes
	 * to, whose request budget it spends.
	 */
	public static StoreBudgets.Store storeOf(SecretProvider provider, Map<String, String> parameters) {
		String store;
		try {
			store = provider.store(parameters);
		}
		catch (RuntimeException ex) {
			// a provider's bug must not stop the call: its requests count against the
			// provider as a whole
			store = "";
		}
		return new StoreBudgets.Store(provider.name(), store);
	}

	/**
	 * Calls {@code provider} under its deadline, breaker and retries, and times the call
	 * (retries included) as {@code secrets_store_provider_call_seconds{provider,
	 * outcome}}; the outcome is {@code success} or the failure's reason.
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
		StoreBudgets.Store store = storeOf(provider, request.attributes());
		try {
			return Retry
				.decorateCheckedSupplier(retry,
						CircuitBreaker.decorateCheckedSupplier(breaker, () -> paidFor(store, provider, request)))
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

	/**
	 * One attempt, paid for from the store's budget: one request per object fetched, or
	 * one for a failure (a provider fetches each object, or fails on the first).
	 */
	private MountResponse paidFor(StoreBudgets.Store store, SecretProvider provider, MountRequest request)
			throws ProviderException {
		int requests = 1;
		try {
			MountResponse response = withDeadline(provider, request);
			requests = Math.max(1, response.objectVersions().size());
			return response;
		}
		catch (RetryableProviderException ex) {
			if (ex.isThrottled()) {
				this.budgets.throttled(store, ex.retryAfter().orElse(null));
			}
			throw ex;
		}
		finally {
			this.budgets.spend(store, requests);
		}
	}

	private MountResponse withDeadline(SecretProvider provider, MountRequest request) throws ProviderException {
		if (provider.remoteEndpoint().isPresent()) {
			// a plugin carries the deadline on its gRPC call
			return provider.mount(request);
		}
		TimeLimiter deadline = this.deadlines.timeLimiter(provider.name());
		try {
			return deadline.executeFutureSupplier(() -> this.workers.submit(() -> provider.mount(request)));
		}
		catch (TimeoutException ex) {
			throw new RetryableProviderException("", "provider " + provider.name() + " did not answer within "
					+ deadline.getTimeLimiterConfig().getTimeoutDuration(), null, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RetryableProviderException("", "interrupted while calling provider " + provider.name(), null, ex);
		}
		catch (ProviderException ex) {
			throw ex;
		}
		catch (Exception ex) {
			// the provider's own bug: said by its class only, since a message may quote
			// what it read
			throw new ProviderException(ProviderException.Reason.FAILED, "",
					"provider " + provider.name() + " failed unexpectedly: " + ex.getClass().getName(), ex);
		}
	}

}
