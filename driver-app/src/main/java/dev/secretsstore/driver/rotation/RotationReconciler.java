package dev.secretsstore.driver.rotation;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.secretsstore.driver.flags.GoDuration;
import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.rotation.RotationEvent.Outcome;
import dev.secretsstore.driver.rotation.RotationLedger.Standing;
import dev.secretsstore.driver.rotation.refresh.RefreshResult;
import dev.secretsstore.driver.rotation.refresh.SharedResponses;
import dev.secretsstore.driver.rotation.refresh.VolumeRefresher;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.volume.ErrorTypes;
import dev.secretsstore.driver.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether one mounted volume is due and, if so, refreshes it: idempotent, never
 * sleeps or schedules, and reports the outcome to the listeners. A volume is due once its
 * interval (the SecretProviderClass's {@code rotation-poll-interval} annotation, else the
 * global one, plus a small fixed per-volume jitter) has passed since it was last checked
 * (or published), at once when asked on demand or when the {@code rotate-requested-at}
 * annotation changed, and sooner after a failure (backing off from 10 s, doubling, up to
 * the interval). A volume that holds a certificate is due earlier when that certificate
 * expires sooner than its next check: a tenth of the interval before the soonest NotAfter
 * ({@link ExpiryDeadlines}), though not sooner than
 * {@link ExpiryDeadlines#shortestRecheck()} after its last check, so that a store that
 * keeps serving an expired certificate is not asked at every pass. The
 * {@link RotationLedger} keeps those times; each call returns a {@link RotationDecision}:
 * what came of the volume's rotation, and when it is due next.
 */
public class RotationReconciler {

	/**
	 * SecretProviderClass annotation: any new value rotates every volume that uses the
	 * class.
	 */
	public static final String ROTATE_REQUESTED_AT = "secrets-store.csi.x-k8s.io/rotate-requested-at";

	/**
	 * SecretProviderClass annotation: this class's own poll interval, in Go duration
	 * syntax.
	 */
	public static final String ROTATION_POLL_INTERVAL = "secrets-store.csi.x-k8s.io/rotation-poll-interval";

	private static final Logger logger = LoggerFactory.getLogger(RotationReconciler.class);

	private final VolumeRefresher refresher;

	private final Duration defaultInterval;

	private final List<RotationListener> listeners;

	private final RotationLedger ledger;

	private final Clock clock;

	public RotationReconciler(VolumeRefresher refresher, Duration defaultInterval, List<RotationListener> listeners,
			Clock clock) {
		this(refresher, defaultInterval, listeners, clock, ExpiryDeadlines.NONE);
	}

	/**
	 * A reconciler that makes volumes due before their certificates expire, as
	 * {@code expiry} tells.
	 */
	public RotationReconciler(VolumeRefresher refresher, Duration defaultInterval, List<RotationListener> listeners,
			Clock clock, ExpiryDeadlines expiry) {
		this.refresher = refresher;
		this.defaultInterval = defaultInterval;
		this.listeners = List.copyOf(listeners);
		this.clock = clock;
		this.ledger = new RotationLedger(expiry);
	}

	/**
	 * Rotates {@code volume} if it is due (always for {@link RotationTrigger#ON_DEMAND}
	 * and {@link RotationTrigger#STORE_CHANGE}).
	 * @param spc the volume's SecretProviderClass as looked up for this pass, or empty
	 * when it is gone
	 * @return the decision: the outcome, if the volume was due and still mounted, and
	 * when it is due next
	 */
	public RotationDecision reconcile(MountedVolume volume, Optional<SecretProviderClass> spc,
			RotationTrigger trigger) {
		return reconcile(volume, spc, trigger, SharedResponses.NONE);
	}

	/**
	 * Rotates {@code volume} if it is due, sharing provider answers with the other
	 * volumes of the same pass; records the outcome in the ledger and reports it to the
	 * listeners.
	 * @param spc the volume's SecretProviderClass as looked up for this pass, or empty
	 * when it is gone
	 * @param shared the pass's shared provider answers
	 * @return the decision: the outcome, if the volume was due and still mounted, and
	 * when it is due next
	 */
	public RotationDecision reconcile(MountedVolume volume, Optional<SecretProviderClass> spc, RotationTrigger trigger,
			SharedResponses shared) {
		Instant now = this.clock.instant();
		Standing standing = standing(volume, spc, now);
		if (!trigger.ignoresInterval() && !standing.due()) {
			return RotationDecision.notDue(standing.nextDue());
		}
		Optional<RotationEvent> event = rotate(volume, spc, cause(trigger, standing), now, shared);
		if (event.isEmpty()) {
			return RotationDecision.NONE;
		}
		Instant nextDue = this.ledger.checked(standing, event.get());
		this.listeners.forEach((listener) -> listener.onRotation(event.get()));
		return RotationDecision.checked(event.get(), nextDue);
	}

	/**
	 * Since when {@code volume} has been due for a scheduled rotation, or empty when it
	 * is not due; a volume seen for the first time starts its interval now. A new
	 * {@code rotate-requested-at} value makes it due since it was last checked. Passes
	 * queue the volumes due longest first.
	 * @param spc the volume's SecretProviderClass as looked up for this pass, or empty
	 * when it is gone
	 */
	public Optional<Instant> dueSince(MountedVolume volume, Optional<SecretProviderClass> spc) {
		return Optional.ofNullable(standing(volume, spc, this.clock.instant()).dueSince());
	}

	private Standing standing(MountedVolume volume, Optional<SecretProviderClass> spc, Instant now) {
		Duration interval = spc.map(this::intervalOf).orElse(this.defaultInterval);
		String requestedAt = spc.map((s) -> s.metadata().annotations().get(ROTATE_REQUESTED_AT)).orElse(null);
		return this.ledger.standing(volume.targetPath(), interval, requestedAt, now);
	}

	/**
	 * What started the rotation: in a scheduled pass, a new {@code rotate-requested-at}
	 * value or a certificate expiring before the interval's time when either made the
	 * volume due; else the trigger itself.
	 */
	private static RotationTrigger cause(RotationTrigger trigger, Standing standing) {
		if (trigger == RotationTrigger.SCHEDULED && standing.requested()) {
			return RotationTrigger.REQUESTED;
		}
		if (trigger == RotationTrigger.SCHEDULED && standing.dueForExpiry()) {
			return RotationTrigger.CERTIFICATE_EXPIRY;
		}
		return trigger;
	}

	/**
	 * Starts a newly published volume's interval now, so its first check comes one
	 * interval after the publish rather than one interval after the first pass that sees
	 * it; a volume already known is left as it is.
	 */
	public void mounted(MountedVolume volume, SecretProviderClass spc) {
		this.ledger.start(volume.targetPath(), this.clock.instant(), intervalOf(spc));
	}

	/**
	 * Forgets volumes that are no longer mounted.
	 */
	public void retainOnly(Collection<Path> mounted) {
		this.ledger.retainOnly(mounted);
	}

	/**
	 * How long ago the least recently checked mounted volume was checked (zero when there
	 * is none).
	 */
	public Duration stalestCheckAge() {
		Instant now = this.clock.instant();
		return this.ledger.oldestCheck().map((oldest) -> Duration.between(oldest, now)).orElse(Duration.ZERO);
	}

	/**
	 * What the ledger knows of a volume: last check, last outcome, next due time.
	 */
	public Optional<VolumeCheck> check(Path target) {
		return this.ledger.get(target)
			.map((entry) -> new VolumeCheck(entry.lastChecked(), entry.lastEvent(),
					this.ledger.nextDue(target, entry)));
	}

	private Optional<RotationEvent> rotate(MountedVolume volume, Optional<SecretProviderClass> spc,
			RotationTrigger trigger, Instant started, SharedResponses shared) {
		try {
			SecretProviderClass current = spc.orElseGet(() -> this.refresher.secretProviderClass(volume));
			Optional<RefreshResult> result = this.refresher.refresh(volume.targetPath(), current, shared);
			return result.map((refresh) -> eventOf(refresh, trigger, started));
		}
		catch (VolumeException ex) {
			// a VolumeException is thrown before the files are swapped: a failure after
			// is a RefreshResult's
			logger.warn("Rotation of the volume of pod {} failed, its last good content stays mounted: {}",
					volume.pod(), ex.getMessage());
			return Optional.of(RotationEvent.of(volume, trigger, Outcome.FAILED, List.of(), ex.errorType(),
					ex.getMessage(), started, this.clock.instant()));
		}
	}

	/**
	 * The event of a refresh, logged as what happened: a record that could not be updated
	 * is a failure of its own, after the new content was mounted, which the event and the
	 * log say instead of "rotated" alone.
	 */
	private RotationEvent eventOf(RefreshResult refresh, RotationTrigger trigger, Instant started) {
		MountedVolume volume = refresh.volume();
		Outcome outcome = refresh.rotated() ? Outcome.ROTATED : Outcome.UNCHANGED;
		if (refresh.recordFailure() == null) {
			if (refresh.rotated()) {
				logger.info("Rotated volume of pod {} (SecretProviderClass {}): {}", volume.pod(),
						volume.secretProviderClass(), refresh.changes());
			}
			return RotationEvent.of(volume, trigger, outcome, refresh.changes(), null, null, started,
					this.clock.instant());
		}
		String error;
		if (refresh.rotated()) {
			error = "the new content is mounted, but its record was not updated (retried at the next rotation): "
					+ refresh.recordFailure();
			logger.warn("Rotated volume of pod {} (SecretProviderClass {}): {}; {}", volume.pod(),
					volume.secretProviderClass(), refresh.changes(), error);
		}
		else {
			error = "the mounted content is unchanged, but its record is still not updated (retried at the next "
					+ "rotation): " + refresh.recordFailure();
			logger.warn("Volume of pod {} (SecretProviderClass {}): {}", volume.pod(), volume.secretProviderClass(),
					error);
		}
		return RotationEvent.of(volume, trigger, outcome, refresh.changes(), ErrorTypes.FAILED_TO_RECORD_STATUS, error,
				started, this.clock.instant());
	}

	private Duration intervalOf(SecretProviderClass spc) {
		String annotated = spc.metadata().annotations().get(ROTATION_POLL_INTERVAL);
		if (annotated == null) {
			return this.defaultInterval;
		}
		try {
			Duration interval = GoDuration.parse(annotated);
			return interval.isNegative() || interval.isZero() ? this.defaultInterval : interval;
		}
		catch (IllegalArgumentException ex) {
			logger.warn("SecretProviderClass {} has an invalid {} annotation, using {}: {}", spc.metadata().name(),
					ROTATION_POLL_INTERVAL, this.defaultInterval, ex.getMessage());
			return this.defaultInterval;
		}
	}

	/**
	 * What is known of one volume's rotations.
	 *
	 * @param lastChecked when its provider was last asked, or when it was first seen
	 * @param lastEvent the last rotation's outcome, if any
	 * @param nextDue when it is due next
	 */
	public record VolumeCheck(Instant lastChecked, RotationEvent lastEvent, Instant nextDue) {
	}

}
