package dev.secretsstore.driver.kubernetes.events;

import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.rotation.RotationListener;

/**
 * Tells the pod's owner, through Events on the Pod, when its mounted contents rotated or
 * failed to. The Events name the pod's UID, as client-go's recorder does:
 * {@code kubectl describe pod} selects the pod's Events by it.
 */
public class RotationEventRecorder implements RotationListener {

	/** The source component of the Go driver's rotation events. */
	public static final String COMPONENT = "csi-secrets-store-rotation";

	static final String ROTATION_COMPLETE = "MountRotationComplete";

	static final String ROTATION_FAILED = "MountRotationFailed";

	private final PodEvents events;

	public RotationEventRecorder(PodEvents events) {
		this.events = events;
	}

	@Override
	public void onRotation(RotationEvent event) {
		String spc = event.namespace() + "/" + event.secretProviderClass();
		switch (event.outcome()) {
			case ROTATED -> {
				if (event.failed()) {
					this.events.record(event.namespace(), event.pod(), event.podUid(), EventType.WARNING,
							ROTATION_COMPLETE, "rotated mounted contents for spc " + spc + ": " + describe(event));
				}
				else {
					this.events.record(event.namespace(), event.pod(), event.podUid(), EventType.NORMAL,
							ROTATION_COMPLETE, "successfully rotated mounted contents for spc " + spc);
				}
			}
			case FAILED -> this.events.record(event.namespace(), event.pod(), event.podUid(), EventType.WARNING,
					ROTATION_FAILED, "failed to rotate mounted contents for spc " + spc + ": " + describe(event));
			// the Go driver's reconciler is silent when nothing changed; an Event per
			// poll would bury the pod's others
			case UNCHANGED -> {
			}
		}
	}

	private static String describe(RotationEvent event) {
		if (event.error() != null && !event.error().isBlank()) {
			return event.error();
		}
		return (event.errorType() != null) ? event.errorType() : "unknown error";
	}

}
