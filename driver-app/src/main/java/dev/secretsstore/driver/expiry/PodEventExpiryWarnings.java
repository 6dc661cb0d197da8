package dev.secretsstore.driver.expiry;

import java.time.Duration;
import java.time.Instant;

import dev.secretsstore.driver.kubernetes.events.EventType;
import dev.secretsstore.driver.kubernetes.events.PodEvents;
import dev.secretsstore.driver.status.MountedVolume;

/**
 * Cluster mode: a Warning Event {@value ExpiryWarnings#REASON} on the pod, which
 * {@code kubectl describe pod} and event-based alerting show to the pod's owner.
 */
final class PodEventExpiryWarnings implements ExpiryWarnings {

	private final PodEvents events;

	PodEventExpiryWarnings(PodEvents events) {
		this.events = events;
	}

	@Override
	public void nearExpiry(MountedVolume volume, String file, Instant notAfter, Duration left) {
		this.events.record(volume.pod().namespace(), volume.pod().name(), volume.pod().uid(), EventType.WARNING, REASON,
				ExpiryWarnings.message(volume, file, notAfter, left));
	}

}
