package dev.secretsstore.provider.plugin;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PluginClient} calls its plugin; {@link #defaults()} matches the Go driver.
 *
 * @param callTimeout the deadline of one Mount call, retries included
 * @param versionTimeout the deadline of one Version call
 * @param maxCallRecvMsgSize the largest response accepted, in bytes
 * ({@code --max-call-recv-msg-size})
 * @param retry how calls that fail with UNAVAILABLE are retried
 */
public record PluginClientOptions(Duration callTimeout, Duration versionTimeout, int maxCallRecvMsgSize, Retry retry) {

	/** The Go driver's default {@code --max-call-recv-msg-size}: 4 MiB. */
	public static final int DEFAULT_MAX_CALL_RECV_MSG_SIZE = 4 * 1024 * 1024;

	/**
	 * Kubelet gives a NodePublishVolume two minutes; a mount must fail well within that
	 * to be reported.
	 */
	public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

	/** The deadline of a Version call, short because it only serves health checks. */
	public static final Duration DEFAULT_VERSION_TIMEOUT = Duration.ofSeconds(5);

	public PluginClientOptions {
		requirePositive(callTimeout, "callTimeout");
		requirePositive(versionTimeout, "versionTimeout");
		Objects.requireNonNull(retry, "retry");
		if (maxCallRecvMsgSize <= 0) {
			throw new IllegalArgumentException("maxCallRecvMsgSize must be positive, not " + maxCallRecvMsgSize);
		}
	}

	/**
	 * The Go driver's settings.
	 */
	public static PluginClientOptions defaults() {
		return new PluginClientOptions(DEFAULT_CALL_TIMEOUT, DEFAULT_VERSION_TIMEOUT, DEFAULT_MAX_CALL_RECV_MSG_SIZE,
				Retry.DEFAULT);
	}

	public PluginClientOptions withCallTimeout(Duration callTimeout) {
		return new PluginClientOptions(callTimeout, this.versionTimeout, this.maxCallRecvMsgSize, this.retry);
	}

	public PluginClientOptions withVersionTimeout(Duration versionTimeout) {
		return new PluginClientOptions(this.callTimeout, versionTimeout, this.maxCallRecvMsgSize, this.retry);
	}

	public PluginClientOptions withMaxCallRecvMsgSize(int maxCallRecvMsgSize) {
		return new PluginClientOptions(this.callTimeout, this.versionTimeout, maxCallRecvMsgSize, this.retry);
	}

	public PluginClientOptions withRetry(Retry retry) {
		return new PluginClientOptions(this.callTimeout, this.versionTimeout, this.maxCallRecvMsgSize, retry);
	}

	private static void requirePositive(Duration duration, String name) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, not " + duration);
		}
	}

	/**
	 * The gRPC retry policy for status UNAVAILABLE; the backoff before attempt n is
	 * random, up to {@code min(initialBackoff * backoffMultiplier^(n-2), maxBackoff)}.
	 *
	 * @param maxAttempts attempts in all, the first included; 1 turns retries off
	 * @param initialBackoff the upper bound of the first backoff
	 * @param maxBackoff the upper bound of every backoff
	 * @param backoffMultiplier how much the bound grows per attempt
	 */
	public record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double backoffMultiplier) {

		/**
		 * The Go driver's policy: 3 attempts, 1 s initial backoff, 10 s at most,
		 * multiplier 1.1.
		 */
		public static final Retry DEFAULT = new Retry(3, Duration.ofSeconds(1), Duration.ofSeconds(10), 1.1);

		public Retry {
			if (maxAttempts < 1) {
				throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
			}
			requirePositive(initialBackoff, "initialBackoff");
			requirePositive(maxBackoff, "maxBackoff");
			if (!(backoffMultiplier > 0)) {
				throw new IllegalArgumentException("backoffMultiplier must be positive, not " + backoffMultiplier);
			}
		}

	}

}
