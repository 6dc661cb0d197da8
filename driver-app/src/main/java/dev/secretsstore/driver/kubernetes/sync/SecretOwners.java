package dev.secretsstore.driver.kubernetes.sync;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.secretsstore.driver.kubernetes.NodePods;
import dev.secretsstore.driver.model.CustomResources;
import dev.secretsstore.driver.model.SecretProviderClassPodStatus;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;

/**
 * Who owns a synced Secret, as the Go driver decides it: the owners of the pod that
 * mounts it (its ReplicaSet, StatefulSet, Job, ...), so the Secret outlives pod restarts
 * and is garbage-collected after the last workload that uses it; for a pod without owners
 * (a static or bare pod), the pod's SecretProviderClassPodStatus, which goes with the
 * pod. A pod that is gone or being deleted owns nothing, as the Go driver's Secret
 * controller skips such pods: its owners are going too, so a Secret written for it would
 * outlive every workload (or be deleted again at once).
 */
final class SecretOwners {

	private static final int NOT_FOUND = 404;

	private final NodePods pods;

	private final CustomObjectsApi customObjects;

	/**
	 * @param pods the pods on this node, from their watch or, when it has not shown a pod
	 * yet, from the API
	 */
	SecretOwners(NodePods pods, CustomObjectsApi customObjects) {
		this.pods = pods;
		this.customObjects = customObjects;
	}

	/**
	 * The owner references for a Secret synced from {@code volume}: the pod's owners, or
	 * its status when it has none, or no owner at all when the status cannot be found
	 * either (the Secret then outlives the pod).
	 * @return empty when the pod is gone, was recreated under its name with another UID,
	 * or is being deleted: no Secret should be written for it
	 * @throws ApiException when the API server fails
	 */
	Optional<List<V1OwnerReference>> of(MountedVolume volume) throws ApiException {
		Optional<V1Pod> pod = pod(volume.pod());
		if (pod.isEmpty() || pod.get().getMetadata().getDeletionTimestamp() != null) {
			return Optional.empty();
		}
		List<V1OwnerReference> podOwners = pod.get().getMetadata().getOwnerReferences();
		if (podOwners != null && !podOwners.isEmpty()) {
			// as the Go driver copies them: no controller or blockOwnerDeletion flags
			return Optional.of(podOwners.stream()
				.map((owner) -> new V1OwnerReference().apiVersion(owner.getApiVersion())
					.kind(owner.getKind())
					.name(owner.getName())
					.uid(owner.getUid()))
				.toList());
		}
		return Optional.of(podStatus(volume).map(List::of).orElse(List.of()));
	}

	private Optional<V1Pod> pod(PodRef ref) throws ApiException {
		return this.pods.find(ref.namespace(), ref.name(), ref.uid());
	}

	private Optional<V1OwnerReference> podStatus(MountedVolume volume) throws ApiException {
		Object status;
		try {
			status = this.customObjects
				.getNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, volume.pod().namespace(),
						CustomResources.POD_STATUSES, volume.statusName())
				.execute();
		}
		catch (ApiException ex) {
			if (ex.getCode() == NOT_FOUND) {
				return Optional.empty();
			}
			throw ex;
		}
		Object uid = (status instanceof Map<?, ?> map && map.get("metadata") instanceof Map<?, ?> metadata)
				? metadata.get("uid") : null;
		if (uid == null) {
			return Optional.empty();
		}
		return Optional.of(new V1OwnerReference().apiVersion(CustomResources.GROUP + "/" + CustomResources.VERSION)
			.kind(SecretProviderClassPodStatus.KIND)
			.name(volume.statusName())
			.uid(uid.toString()));
	}

}
