package dev.secretsstore.driver.provider;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import dev.secretsstore.provider.RetryableProviderException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;

/**
 * The wait before a provider call is tried again: what the store's Retry-After asked for
 * (at most 30 s), else the initial backoff doubling with each attempt up to 5 s, with
 * ±50% jitter so that the volumes of one pass do not retry in step. resilience4j's own
 * interval properties cannot read a Retry-After, so the retries' default config gets this
 * function ({@link ProviderConfiguration}).
 */
public final class RetryAfterBackoff implements IntervalBiFunction<Object> {

	private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

	private static final long MAX_BACKOFF_MILLIS = 5_000;

	private final Duration initial;

	/**
	 * @param initial the wait before the second attempt
	 * ({@code secrets-store.provider.retry-backoff})
	 */
	public RetryAfterBackoff(Duration initial) {
		this.initial = initial;
	}

	@Override
	public Long apply(Integer attempt, Either<Throwable, Object> outcome) {
		if (outcome.isLeft() && outcome.getLeft() instanceof RetryableProviderException retryable
				&& retryable.retryAfter().isPresent()) {
			return Math.min(retryable.retryAfter().get().toMillis(), MAX_RETRY_AFTER.toMillis());
		}
		long base = this.initial.toMillis() * (1L << Math.min(attempt - 1, 10));
		long capped = Math.min(base, MAX_BACKOFF_MILLIS);
		return (long) (capped * (0.5 + ThreadLocalRandom.current().nextDouble()));
	}

}
