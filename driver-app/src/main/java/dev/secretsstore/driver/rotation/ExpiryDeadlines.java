package dev.secretsstore.driver.rotation;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the certificates mounted in a volume expire, as far as rotation needs to know: the
 * reconciler makes a volume due before its soonest certificate expires, so that a store
 * that already holds the renewed certificate is asked in time. Rotation owns this port;
 * the {@code expiry} package, which reads the mounted files, implements it.
 */
@FunctionalInterface
public interface ExpiryDeadlines {

	/** No certificates known: every volume keeps its interval. */
	ExpiryDeadlines NONE = (target) -> Optional.empty();

	/**
	 * A volume is refreshed for its certificates' sake at most this often, by default.
	 */
	Duration SHORTEST_RECHECK = Duration.ofMinutes(1);

	/**
	 * The soonest NotAfter among the certificates mounted now in the volume at
	 * {@code target}.
	 * @return it, or empty when the volume holds no certificate (or is unknown)
	 */
	Optional<Instant> soonestExpiry(Path target);

	/**
	 * How long after its last check a volume may be checked again because of a
	 * certificate's expiry: a store that keeps serving an expired certificate is then
	 * asked this often, not at every pass.
	 */
	default Duration shortestRecheck() {
		return SHORTEST_RECHECK;
	}

}
