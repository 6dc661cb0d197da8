package dev.secretsstore.driver.restart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.volume.VersionChange;

/**
 * The rotations of one workload's pods on this node that wait for its restart: those of
 * the quiet period, and those that come while the restart waits for a rollout or the
 * minimum period, all folded into one restart.
 */
final class PendingRestart {

	private final Workload workload;

	private final SortedSet<RotatedObject> objects = new TreeSet<>();

	private final Map<String, RotatedPod> pods = new LinkedHashMap<>();

	private int retries;

	PendingRestart(Workload workload) {
		this.workload = workload;
	}

	void add(RotatedPod pod, RotationEvent rotation) {
		this.pods.putIfAbsent(pod.uid(), pod);
		this.objects.addAll(objectsOf(rotation));
	}

	static List<RotatedObject> objectsOf(RotationEvent rotation) {
		List<RotatedObject> objects = new ArrayList<>();
		for (VersionChange change : rotation.changes()) {
			objects.add(new RotatedObject(rotation.secretProviderClass(), change.id(), change.newVersion()));
		}
		return objects;
	}

	Workload workload() {
		return this.workload;
	}

	/**
	 * The {@value RestartAnnotations#RESTARTED_FOR} value of the rotations folded so far:
	 * pods do not go into it, so every node that saw the same rotations computes the same
	 * value whichever of the workload's pods it runs.
	 */
	String restartedFor() {
		return RestartAnnotations.restartedFor(this.objects);
	}

	List<RestartOutcome.PodRef> pods() {
		List<RestartOutcome.PodRef> refs = new ArrayList<>();
		this.pods.values().forEach((pod) -> refs.add(new RestartOutcome.PodRef(pod.name(), pod.uid())));
		return refs;
	}

	List<RotatedObject> objects() {
		return List.copyOf(this.objects);
	}

	/**
	 * Counts one more look; false when none is left.
	 */
	boolean retry(int allowed) {
		return ++this.retries <= allowed;
	}

}
