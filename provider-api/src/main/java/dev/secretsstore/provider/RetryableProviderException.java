package dev.secretsstore.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * A transient provider failure: the store timed out, is unreachable, or is throttling.
 * Retrying later may succeed, after {@link #retryAfter()} when the store said how long to
 * wait.
 */
public class RetryableProviderException extends ProviderException {

	private final Duration retryAfter;

	private final boolean throttled;

	public RetryableProviderException(String errorCode, String message, Duration retryAfter, Throwable cause) {
		this(errorCode, message, retryAfter, cause, false);
	}

	private RetryableProviderException(String errorCode, String message, Duration retryAfter, Throwable cause,
			boolean throttled) {
		super(Reason.UNAVAILABLE, errorCode, message, cause);
		this.retryAfter = retryAfter;
		this.throttled = throttled;
	}

	/**
	 * The store refused for too many requests (HTTP 429, AWS
	 * {@code ThrottlingException}): the driver then lowers its request rate to that store
	 * for a while, besides retrying.
	 * @param retryAfter how long the store asked to wait, or {@code null} when it did not
	 * say
	 */
	public static RetryableProviderException throttled(String errorCode, String message, Duration retryAfter,
			Throwable cause) {
		return new RetryableProviderException(errorCode, message, retryAfter, cause, true);
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

	/**
	 * Whether the store refused for too many requests.
	 */
	public boolean isThrottled() {
		return this.throttled;
	}

	@Override
	public boolean isRetryable() {
		return true;
	}

}
