package dev.secretsstore.driver.rotation;

import java.time.Instant;
import java.util.Optional;

/**
 * What the reconciler decided for one volume and what came of it: the outcome of its
 * rotation, when it was due, and when it is due next. The ledger holds the decision
 * already; the service, the queue and the triggers act on it and work none of it out
 * again.
 *
 * @param event the outcome of the volume's rotation, or empty when it did not rotate: it
 * was not due, it was unpublished meanwhile, or its rotation never ran ({@link #NONE})
 * @param nextDue when the volume is due next, or empty when it is no longer mounted or
 * its rotation never ran
 */
public record RotationDecision(Optional<RotationEvent> event, Optional<Instant> nextDue) {

	/**
	 * Nothing decided: the volume was unpublished meanwhile, or the queue did not run its
	 * rotation (one of it was queued already, the rotation threw, or the driver is
	 * stopping).
	 */
	public static final RotationDecision NONE = new RotationDecision(Optional.empty(), Optional.empty());

	/**
	 * The volume is not due: nothing was asked.
	 */
	static RotationDecision notDue(Instant nextDue) {
		return new RotationDecision(Optional.empty(), Optional.of(nextDue));
	}

	/**
	 * The volume was due and checked: its provider was asked (or failing before that),
	 * with {@code event} as the outcome.
	 */
	static RotationDecision checked(RotationEvent event, Instant nextDue) {
		return new RotationDecision(Optional.of(event), Optional.of(nextDue));
	}

}
