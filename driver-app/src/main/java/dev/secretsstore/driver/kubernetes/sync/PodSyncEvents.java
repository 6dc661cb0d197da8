package dev.secretsstore.driver.kubernetes.sync;

import dev.secretsstore.driver.kubernetes.events.EventType;
import dev.secretsstore.driver.kubernetes.events.PodEvents;
import dev.secretsstore.driver.kubernetes.events.RotationEventRecorder;
import dev.secretsstore.driver.status.MountedVolume;

/**
 * Secret sync's events as Kubernetes Events on the pod, with the Go driver's reasons,
 * messages and source components: its Secret controller
 * ({@code csi-secrets-store-controller}) for failures to create, its rotation reconciler
 * ({@code csi-secrets-store-rotation}) for updates.
 */
final class PodSyncEvents implements SyncEvents {

	private final PodEvents controller;

	private final PodEvents rotation;

	/**
	 * @param events the driver's one recorder, which reports as the rotation component
	 */
	PodSyncEvents(PodEvents events) {
		this.controller = events.as("csi-secrets-store-controller");
		this.rotation = events.as(RotationEventRecorder.COMPONENT);
	}

	@Override
	public void failedToCreate(MountedVolume volume, String message) {
		record(this.controller, volume, EventType.WARNING, "FailedToCreateSecret", message);
	}

	@Override
	public void rotated(MountedVolume volume, String secretName) {
		record(this.rotation, volume, EventType.NORMAL, "SecretRotationComplete",
				"successfully rotated K8s secret " + secretName);
	}

	@Override
	public void rotationFailed(MountedVolume volume, String secretName, String message) {
		record(this.rotation, volume, EventType.WARNING, "SecretRotationFailed", message);
	}

	private static void record(PodEvents events, MountedVolume volume, EventType type, String reason, String message) {
		events.record(volume.pod().namespace(), volume.pod().name(), volume.pod().uid(), type, reason, message);
	}

}
