package dev.secretsstore.driver.restart;

import java.time.Duration;
import java.time.Instant;

/**
 * What to do with a workload whose pods' rotations are due for a restart, given one read
 * of it. Pure: the same read, value and time give the same decision on every node.
 *
 * @param action what to do
 * @param notBefore for {@link Action#WAIT_FOR_MIN_PERIOD}: when the minimum period ends
 * @param why in words, for logs and Events
 */
public record RestartDecision(Action action, Instant notBefore, String why) {

	/**
	 * Decides for {@code restartedFor} at {@code now}.
	 */
	public static RestartDecision of(WorkloadState state, String restartedFor, Instant now, Duration minPeriod) {
		if (restartedFor.equals(state.templateAnnotations().get(RestartAnnotations.RESTARTED_FOR))) {
			return new RestartDecision(Action.ALREADY_DONE, null, "its template already names these rotations");
		}
		if (state.progressing()) {
			// a second restart now would cut the first short and roll pods that have the
			// new content already
			return new RestartDecision(Action.WAIT_FOR_ROLLOUT, null,
					"its previous rollout is progressing: " + state.progress());
		}
		Instant last = RestartAnnotations.restartedAt(state.templateAnnotations());
		if (last != null && now.isBefore(last.plus(minPeriod))) {
			return new RestartDecision(Action.WAIT_FOR_MIN_PERIOD, last.plus(minPeriod),
					"it was restarted at " + last + ", less than " + minPeriod + " ago");
		}
		return new RestartDecision(Action.RESTART, null, "rotated");
	}

	/**
	 * What to do.
	 */
	public enum Action {

		/** Nothing: the template names these rotations (another node restarted it). */
		ALREADY_DONE,

		/** Look again later: the previous rollout is not finished. */
		WAIT_FOR_ROLLOUT,

		/** Look again when the minimum period has passed. */
		WAIT_FOR_MIN_PERIOD,

		/** Patch the template. */
		RESTART

	}

}
