package dev.secretsstore.driver.rotation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.volume.VersionChange;

/**
 * The outcome of one rotation of one volume. Names objects and versions, never contents.
 *
 * @param time when the rotation finished
 * @param namespace the pod's namespace
 * @param pod the pod's name
 * @param podUid the pod's UID, by which {@code kubectl describe pod} finds the pod's
 * Events
 * @param secretProviderClass the SecretProviderClass
 * @param provider the provider asked
 * @param targetPath the volume's mount folder
 * @param trigger what started the rotation
 * @param outcome what came of it
 * @param changes the object versions that changed
 * @param errorType the Go driver's error type of a failure, or null; also set, to
 * {@code FailedToRecordStatus}, on a rotation whose new content is mounted but whose
 * record could not be updated
 * @param error the failure's message, or null
 * @param duration how long it took
 */
public record RotationEvent(Instant time, String namespace, String pod, String podUid, String secretProviderClass,
		String provider, String targetPath, RotationTrigger trigger, Outcome outcome, List<VersionChange> changes,
		String errorType, String error, Duration duration) {

	static RotationEvent of(MountedVolume volume, RotationTrigger trigger, Outcome outcome, List<VersionChange> changes,
			String errorType, String error, Instant started, Instant finished) {
		return new RotationEvent(finished, volume.pod().namespace(), volume.pod().name(), volume.pod().uid(),
				volume.secretProviderClass(), volume.provider(), volume.targetPath().toString(), trigger, outcome,
				List.copyOf(changes), errorType, error, Duration.between(started, finished));
	}

	/**
	 * Whether something failed: the rotation, or recording what it mounted.
	 */
	public boolean failed() {
		return this.outcome == Outcome.FAILED || this.errorType != null;
	}

	/**
	 * Whether the mounted content changed.
	 */
	public boolean rotated() {
		return this.outcome == Outcome.ROTATED;
	}

	/**
	 * What came of a rotation.
	 */
	public enum Outcome {

		/** The content changed and was swapped in. */
		ROTATED,

		/** The provider was asked and nothing had changed. */
		UNCHANGED,

		/**
		 * The rotation failed before anything was swapped; the last good content stays
		 * mounted.
		 */
		FAILED

	}

}
