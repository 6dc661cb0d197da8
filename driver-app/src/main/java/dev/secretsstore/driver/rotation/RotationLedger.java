package dev.secretsstore.driver.rotation;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.secretsstore.driver.rotation.RotationEvent.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * When each mounted volume was last checked, how that went, and when it is due next: one
 * interval (plus a small fixed per-volume jitter) after its last check, sooner after a
 * failure (backing off from 10 s, doubling, up to the interval), and sooner when a
 * certificate in it expires first ({@link ExpiryDeadlines}). In memory: after a restart
 * every volume is first seen anew and checked within one interval.
 */
class RotationLedger {

	private static final Duration FIRST_RETRY = Duration.ofSeconds(10);

	private final Map<Path, Entry> entries = new ConcurrentHashMap<>();

	private final ExpiryDeadlines expiry;

	RotationLedger(ExpiryDeadlines expiry) {
		this.expiry = expiry;
	}

	Optional<Entry> get(Path target) {
		return Optional.ofNullable(this.entries.get(target));
	}

	/**
	 * The entry of a volume, created as "checked now" the first time the volume is seen;
	 * a volume already known is left as it is.
	 * @param interval the volume's interval
	 */
	Entry start(Path target, Instant now, Duration interval) {
		return this.entries.computeIfAbsent(target,
				(key) -> new Entry(now, null, 0, null, now.plus(interval).plus(jitter(target, interval)), interval));
	}

	/**
	 * Where the volume at {@code target} stands at {@code now}; a volume seen for the
	 * first time starts its interval now. A {@code requestedAt} not acted on yet makes it
	 * due since it was last checked.
	 * @param interval the volume's interval as its SecretProviderClass says now
	 * @param requestedAt its class's rotate-requested-at annotation, if any
	 */
	Standing standing(Path target, Duration interval, @Nullable String requestedAt, Instant now) {
		Entry entry = start(target, now, interval);
		boolean requested = requestedAt != null && !requestedAt.equals(entry.requestedAt());
		Instant nextDue = nextDue(target, entry, interval);
		Instant dueSince = requested ? entry.lastChecked() : now.isBefore(nextDue) ? null : nextDue;
		boolean dueForExpiry = dueSince != null && now.isBefore(entry.nextDue());
		return new Standing(target, entry, interval, requestedAt, requested, dueSince, dueForExpiry, nextDue);
	}

	/**
	 * Records the check of a volume that stood as {@code before}: it is due again one
	 * interval and its jitter after {@code event}, or after its backoff when it failed.
	 * @return when the volume is due next
	 */
	Instant checked(Standing before, RotationEvent event) {
		Entry entry = before.entry();
		Path target = before.target();
		Duration interval = before.interval();
		int failures = (event.outcome() == Outcome.FAILED) ? entry.failures() + 1 : 0;
		Instant finished = event.time();
		Instant nextDue = (failures == 0) ? finished.plus(interval).plus(jitter(target, interval))
				: finished.plus(backoff(failures, interval));
		String requestedAt = (before.requestedAt() != null) ? before.requestedAt() : entry.requestedAt();
		Entry checked = new Entry(finished, event, failures, requestedAt, nextDue, interval);
		this.entries.put(target, checked);
		return nextDue(target, checked, interval);
	}

	/**
	 * When the volume is due next, by what its entry knows.
	 */
	Instant nextDue(Path target, Entry entry) {
		return nextDue(target, entry, entry.interval());
	}

	/**
	 * When the volume is due next: its entry's time, or earlier when a certificate in it
	 * expires first. The entry keeps the interval's time, since a certificate's NotAfter
	 * changes with the files, between two checks too.
	 */
	private Instant nextDue(Path target, Entry entry, Duration interval) {
		Optional<Instant> soonestExpiry = this.expiry.soonestExpiry(target);
		if (soonestExpiry.isEmpty()) {
			return entry.nextDue();
		}
		Instant ahead = soonestExpiry.get().minus(interval.dividedBy(10));
		Instant notBefore = entry.lastChecked().plus(this.expiry.shortestRecheck());
		Instant forExpiry = ahead.isBefore(notBefore) ? notBefore : ahead;
		return forExpiry.isBefore(entry.nextDue()) ? forExpiry : entry.nextDue();
	}

	Optional<Instant> oldestCheck() {
		return this.entries.values().stream().map(Entry::lastChecked).min(Instant::compareTo);
	}

	void retainOnly(Collection<Path> targets) {
		this.entries.keySet().retainAll(targets);
	}

	/**
	 * Up to a twentieth of the interval, fixed per volume, so volumes mounted together do
	 * not all come due together; with passes every twentieth of the interval
	 * ({@link RotationProperties#effectivePassInterval()}) a change is picked up within
	 * the interval and a tenth.
	 */
	static Duration jitter(Path target, Duration interval) {
		return interval.dividedBy(20).multipliedBy(Math.floorMod(target.hashCode(), 1000)).dividedBy(1000);
	}

	private static Duration backoff(int failures, Duration interval) {
		Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 20));
		return (backoff.compareTo(interval) < 0) ? backoff : interval;
	}

	/**
	 * The check state of one volume.
	 *
	 * @param lastChecked when the provider was last asked (or the volume first seen)
	 * @param lastEvent the outcome of the last rotation, if any
	 * @param failures failures in a row
	 * @param requestedAt the last value of the rotate-requested-at annotation acted on
	 * @param nextDue when the volume is due next by its interval (or its backoff)
	 * @param interval the volume's interval when it was last checked (or first seen)
	 */
	record Entry(Instant lastChecked, RotationEvent lastEvent, int failures, String requestedAt, Instant nextDue,
			Duration interval) {
	}

	/**
	 * Where a volume stands against its interval at one instant.
	 *
	 * @param target the volume's target path
	 * @param entry its entry
	 * @param interval its interval
	 * @param requestedAt its class's rotate-requested-at annotation, if any
	 * @param requested whether that annotation has a value not yet acted on
	 * @param dueSince since when it is due, or {@code null} when it is not
	 * @param dueForExpiry whether it is due only because a certificate in it expires
	 * before its interval's time
	 * @param nextDue when its interval, backoff or certificates make it due
	 */
	record Standing(Path target, Entry entry, Duration interval, @Nullable String requestedAt, boolean requested,
			@Nullable Instant dueSince, boolean dueForExpiry, Instant nextDue) {

		boolean due() {
			return this.dueSince != null;
		}

	}

}
