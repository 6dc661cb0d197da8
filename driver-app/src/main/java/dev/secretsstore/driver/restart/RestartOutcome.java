package dev.secretsstore.driver.restart;

import java.time.Instant;
import java.util.List;

/**
 * What came of a workload's restart on rotation, as {@code GET /actuator/rotations},
 * Events and the metric show it. Names objects and versions, never contents.
 *
 * @param time when it was decided
 * @param namespace the workload's namespace
 * @param kind the workload's kind, or the pod's owner's when there was no workload to
 * restart ("Pod" for a bare pod)
 * @param name the workload's name, or the pod's when there was no workload to restart
 * @param uid the workload's UID, or null when unknown
 * @param result what came of it
 * @param restartedFor the {@value RestartAnnotations#RESTARTED_FOR} value of the
 * rotations it covers, or null
 * @param pods the pods on this node whose rotations asked for it
 * @param objects the rotated objects it covers
 * @param detail why, in words
 */
public record RestartOutcome(Instant time, String namespace, String kind, String name, String uid, Result result,
		String restartedFor, List<PodRef> pods, List<RotatedObject> objects, String detail) {

	public RestartOutcome {
		pods = List.copyOf(pods);
		objects = List.copyOf(objects);
	}

	/**
	 * A pod that asked for the restart.
	 *
	 * @param name its name (in the workload's namespace)
	 * @param uid its UID
	 */
	public record PodRef(String name, String uid) {

	}

	/**
	 * What came of it.
	 */
	public enum Result {

		/** This node's driver patched the pod template: the workload rolls. */
		RESTARTED,

		/**
		 * The template already named these rotations: restarted for them already, by
		 * another node or for another pod.
		 */
		ALREADY_RESTARTED,

		/**
		 * The pod has no Deployment, StatefulSet or DaemonSet: nothing was restarted or
		 * deleted.
		 */
		NOT_RESTARTABLE,

		/**
		 * The previous rollout did not finish, or the API server kept failing, within the
		 * retries allowed.
		 */
		GAVE_UP,

		/** The workload was deleted before it could be restarted. */
		GONE

	}

}
