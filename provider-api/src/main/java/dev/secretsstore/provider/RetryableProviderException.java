package dev.secretsstore.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * A transient provider failure: the store timed out, is unreachable, or is throttling. Retrying later may succeed,
 * after {@link #retryAfter()} when the store said how long to wait.
 */
public class RetryableProviderException extends ProviderException {

	private final Duration retryAfter;

	public RetryableProviderException(String errorCode, String message, Duration retryAfter, Throwable cause) {
		super(Reason.UNAVAILABLE, errorCode, message, cause);
		this.retryAfter = retryAfter;
	}

	public RetryableProviderException(String errorCode, String message) {
		this(errorCode, message, null, null);
	}

	/**
	 * How long the store asked us to wait (HTTP Retry-After), if it said.
	 */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	@Override
	public boolean isRetryable() {
		return true;
	}

}
