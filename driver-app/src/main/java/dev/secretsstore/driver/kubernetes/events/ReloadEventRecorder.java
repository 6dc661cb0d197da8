package dev.secretsstore.driver.kubernetes.events;

import dev.secretsstore.driver.reload.ReloadListener;
import dev.secretsstore.driver.reload.ReloadOutcome;
import dev.secretsstore.driver.rotation.RotationEvent;

/**
 * Tells the pod's owner, through Events on the Pod, whether its reload endpoint took the
 * news of a rotation.
 */
public class ReloadEventRecorder implements ReloadListener {

	static final String RELOADED = "ReloadHookCalled";

	static final String RELOAD_FAILED = "ReloadHookFailed";

	private final PodEvents events;

	public ReloadEventRecorder(PodEvents events) {
		this.events = events;
	}

	@Override
	public void onReload(ReloadOutcome outcome) {
		RotationEvent rotation = outcome.rotation();
		if (outcome.succeeded()) {
			this.events.record(rotation.namespace(), rotation.pod(), rotation.podUid(), EventType.NORMAL, RELOADED,
					"called the reload endpoint " + outcome.endpoint() + " after rotating spc "
							+ rotation.secretProviderClass() + ": " + outcome.detail());
		}
		else {
			this.events.record(rotation.namespace(), rotation.pod(), rotation.podUid(), EventType.WARNING,
					RELOAD_FAILED, ((outcome.endpoint() != null) ? "the reload endpoint " + outcome.endpoint()
							+ " failed after " + outcome.calls() + " call(s): " : "") + outcome.detail());
		}
	}

}
