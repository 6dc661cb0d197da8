package dev.secretsstore.driver.restart;

import java.util.Map;
import java.util.Optional;

import dev.secretsstore.driver.rotation.RotationEvent;

/**
 * The API server, as restarts need it. Methods throw {@link RuntimeException}s when the
 * API server fails.
 */
public interface WorkloadApi {

	/**
	 * The pod of {@code rotation} with its opt-in and its controller, or empty when it is
	 * gone or its name now belongs to another pod.
	 */
	Optional<RotatedPod> pod(RotationEvent rotation);

	/**
	 * The top-level workload of a pod that asks for a restart (a ReplicaSet's Deployment,
	 * a StatefulSet, a DaemonSet), read only then, since it may cost a read of the
	 * ReplicaSet.
	 */
	RotatedPod.Owner ownerOf(RotatedPod pod);

	/**
	 * Whether the SecretProviderClass opts every pod that mounts it in
	 * ({@value RestartOptIn#ANNOTATION}: "true").
	 */
	boolean secretProviderClassOptsIn(String namespace, String name);

	/**
	 * The workload now, or empty when it is gone.
	 */
	Optional<WorkloadState> read(Workload workload);

	/**
	 * Sets {@code annotations} on the workload's pod template, if its resourceVersion is
	 * still {@code resourceVersion}.
	 */
	Patch annotateTemplate(Workload workload, String resourceVersion, Map<String, String> annotations);

	/**
	 * What came of a patch.
	 */
	enum Patch {

		/** The template changed: the workload's controller rolls its pods. */
		PATCHED,

		/** Someone wrote the workload since it was read: read again and decide again. */
		CONFLICT,

		/** The workload is gone. */
		GONE

	}

}
