package dev.secretsstore.driver.kubernetes.sync;

import dev.secretsstore.driver.status.MountedVolume;

/**
 * The Kubernetes Events Secret sync raises on the pod, with the Go driver's reasons: its
 * Secret controller's {@code FailedToCreateSecret}, and its rotation reconciler's
 * {@code SecretRotationComplete} and {@code SecretRotationFailed} for a Secret that
 * already held content and is updated.
 */
interface SyncEvents {

	/** No events (standalone tests, events turned off). */
	SyncEvents NONE = new SyncEvents() {
	};

	/**
	 * A Secret could not be made from the mounted files or written for the first time.
	 */
	default void failedToCreate(MountedVolume volume, String message) {
	}

	/**
	 * A Secret that existed got new content.
	 */
	default void rotated(MountedVolume volume, String secretName) {
	}

	/**
	 * A Secret that this driver had written could not be updated.
	 */
	default void rotationFailed(MountedVolume volume, String secretName, String message) {
	}

}
