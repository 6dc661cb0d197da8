package dev.secretsstore.driver.kubernetes.events;

import dev.secretsstore.driver.kubernetes.events.PodEvents.InvolvedObject;
import dev.secretsstore.driver.restart.RestartListener;
import dev.secretsstore.driver.restart.RestartOutcome;

/**
 * Tells the owners of a workload restarted on rotation, through Events: on the workload
 * when this node's driver restarted it (so once, whatever the number of nodes), and on
 * each pod of this node whose rotation asked for it. A pod that cannot be restarted, or a
 * restart given up, gets a Warning.
 */
public class RestartEventRecorder implements RestartListener {

	static final String RESTARTED = "WorkloadRestarted";

	static final String NOT_RESTARTABLE = "WorkloadRestartSkipped";

	static final String GAVE_UP = "WorkloadRestartFailed";

	private final PodEvents events;

	public RestartEventRecorder(PodEvents events) {
		this.events = events;
	}

	@Override
	public void onRestart(RestartOutcome outcome) {
		String workload = outcome.kind() + " " + outcome.name();
		switch (outcome.result()) {
			case RESTARTED -> {
				this.events.record(workload(outcome), EventType.NORMAL, RESTARTED, "restarted after rotation of "
						+ classes(outcome) + " in pod(s) " + pods(outcome) + " (" + outcome.restartedFor() + ")");
				onPods(outcome, EventType.NORMAL, RESTARTED, "restarted " + workload + " after its files rotated");
			}
			case ALREADY_RESTARTED -> onPods(outcome, EventType.NORMAL, RESTARTED, workload
					+ " was restarted for this rotation already (by the driver on another node, or for another pod)");
			case NOT_RESTARTABLE -> onPods(outcome, EventType.WARNING, NOT_RESTARTABLE, outcome.detail());
			case GAVE_UP -> {
				this.events.record(workload(outcome), EventType.WARNING, GAVE_UP, outcome.detail());
				onPods(outcome, EventType.WARNING, GAVE_UP, workload + " " + outcome.detail());
			}
			// a workload deleted in the meantime has no one left to tell
			case GONE -> {
			}
		}
	}

	private void onPods(RestartOutcome outcome, EventType type, String reason, String message) {
		for (RestartOutcome.PodRef pod : outcome.pods()) {
			this.events.record(outcome.namespace(), pod.name(), pod.uid(), type, reason, message);
		}
	}

	private static InvolvedObject workload(RestartOutcome outcome) {
		return new InvolvedObject("apps/v1", outcome.kind(), outcome.namespace(), outcome.name(), outcome.uid());
	}

	private static String classes(RestartOutcome outcome) {
		return String.join(", ",
				outcome.objects().stream().map((object) -> "spc " + object.secretProviderClass()).distinct().toList());
	}

	private static String pods(RestartOutcome outcome) {
		return String.join(", ", outcome.pods().stream().map(RestartOutcome.PodRef::name).toList());
	}

}
