package dev.secretsstore.driver.kubernetes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.secretsstore.driver.actuator.http.WriteDecision;
import org.jspecify.annotations.Nullable;

/**
 * Authorization decisions kept for a short while, allowed and refused alike, so that a
 * burst of requests (or of bad tokens) does not become a burst of reviews on the API
 * server; a revoked permission or token takes effect once its decision expires. At most
 * {@code maxSize} are kept: past that, the expired go, and when none has, all.
 */
final class ExpiringDecisions {

	private final Duration keepFor;

	private final int maxSize;

	private final Clock clock;

	private final Map<String, Kept> decisions = new ConcurrentHashMap<>();

	ExpiringDecisions(Duration keepFor, int maxSize, Clock clock) {
		this.keepFor = keepFor;
		this.maxSize = maxSize;
		this.clock = clock;
	}

	@Nullable WriteDecision get(String key) {
		Kept kept = this.decisions.get(key);
		if (kept == null) {
			return null;
		}
		if (!this.clock.instant().isBefore(kept.until())) {
			this.decisions.remove(key, kept);
			return null;
		}
		return kept.decision();
	}

	void put(String key, WriteDecision decision) {
		Instant now = this.clock.instant();
		if (this.decisions.size() >= this.maxSize) {
			this.decisions.values().removeIf((kept) -> !now.isBefore(kept.until()));
			if (this.decisions.size() >= this.maxSize) {
				// a flood of distinct tokens: starting over costs reviews, never a wrong
				// answer
				this.decisions.clear();
			}
		}
		this.decisions.put(key, new Kept(decision, now.plus(this.keepFor)));
	}

	int size() {
		return this.decisions.size();
	}

	private record Kept(WriteDecision decision, Instant until) {
	}

}
