package dev.secretsstore.driver.rotation;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each mounted volume was last checked, how that went, and when it is due next. In
 * memory: after a restart every volume is first seen anew and checked within one
 * interval.
 */
class RotationLedger {

	private final Map<Path, Entry> entries = new ConcurrentHashMap<>();

	Optional<Entry> get(Path target) {
		return Optional.ofNullable(this.entries.get(target));
	}

	/**
	 * The entry of a volume, created as "checked now" the first time the volume is seen.
	 * @param interval the volume's interval
	 * @param jitter the volume's jitter, added to its interval
	 */
	Entry getOrStart(Path target, Instant now, Duration interval, Duration jitter) {
		return this.entries.computeIfAbsent(target,
				(key) -> new Entry(now, null, 0, null, now.plus(interval).plus(jitter), interval));
	}

	void put(Path target, Entry entry) {
		this.entries.put(target, entry);
	}

	Optional<Instant> oldestCheck() {
		return this.entries.values().stream().map(Entry::lastChecked).min(Instant::compareTo);
	}

	void retainOnly(java.util.Collection<Path> targets) {
		this.entries.keySet().retainAll(targets);
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

}
