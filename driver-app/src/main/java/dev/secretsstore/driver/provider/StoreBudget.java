package dev.secretsstore.driver.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The request budget of one store, a token bucket: {@code rate} requests a second on
 * average, {@code burst} at once. Requests are paid for after they are made and may leave
 * the bucket in debt, so that nothing that must go ahead (a pod starting) ever waits;
 * what can wait (a rotation) waits until the debt is paid. When the store throttles, the
 * rate halves for a minute (or as long as it asked), down to a sixteenth.
 */
final class StoreBudget {

	private static final Duration THROTTLED_FOR = Duration.ofMinutes(1);

	private static final double LOWEST_FACTOR = 1.0 / 16;

	private final double rate;

	private final double burst;

	private final Clock clock;

	private double tokens;

	private Instant updated;

	private double factor = 1;

	private Instant throttledUntil;

	/**
	 * @param rate requests a second; zero or less for no limit
	 * @param burst requests at once, at least one
	 */
	StoreBudget(double rate, double burst, Clock clock) {
		this.rate = rate;
		this.burst = Math.max(1, burst);
		this.clock = clock;
		this.tokens = this.burst;
		this.updated = clock.instant();
	}

	boolean unlimited() {
		return this.rate <= 0;
	}

	/** Pays for {@code requests} made to the store. */
	synchronized void spend(int requests) {
		if (!unlimited()) {
			refill();
			this.tokens -= requests;
		}
	}

	/**
	 * How long until the budget is out of debt: zero when a request that can wait may go
	 * now.
	 */
	synchronized Duration untilSolvent() {
		if (unlimited()) {
			return Duration.ZERO;
		}
		refill();
		return (this.tokens >= 0) ? Duration.ZERO
				: Duration.ofNanos((long) Math.ceil(-this.tokens / effectiveRate() * 1_000_000_000L));
	}

	/**
	 * The store throttled: halve the rate for a minute, or for {@code retryAfter} when
	 * longer.
	 */
	synchronized void throttled(Duration retryAfter) {
		if (unlimited()) {
			return;
		}
		refill();
		this.factor = Math.max(LOWEST_FACTOR, this.factor / 2);
		Duration period = (retryAfter != null && retryAfter.compareTo(THROTTLED_FOR) > 0) ? retryAfter : THROTTLED_FOR;
		this.throttledUntil = this.clock.instant().plus(period);
	}

	synchronized State state() {
		if (!unlimited()) {
			refill();
		}
		return new State(this.rate, unlimited() ? this.rate : effectiveRate(), this.burst, this.tokens);
	}

	private double effectiveRate() {
		if (this.throttledUntil != null && !this.clock.instant().isBefore(this.throttledUntil)) {
			this.factor = 1;
			this.throttledUntil = null;
		}
		return this.rate * this.factor;
	}

	private void refill() {
		Instant now = this.clock.instant();
		double seconds = Duration.between(this.updated, now).toNanos() / 1e9;
		if (seconds > 0) {
			this.tokens = Math.min(this.burst, this.tokens + seconds * effectiveRate());
			this.updated = now;
		}
	}

	/**
	 * Where a budget stands.
	 *
	 * @param rate requests a second configured (zero or less: no limit)
	 * @param effectiveRate the rate now, lower for a while after the store throttled
	 * @param burst requests at once
	 * @param tokens requests that may go now; negative while in debt
	 */
	record State(double rate, double effectiveRate, double burst, double tokens) {
	}

}
