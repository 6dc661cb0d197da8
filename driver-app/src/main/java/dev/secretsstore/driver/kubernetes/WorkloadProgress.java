package dev.secretsstore.driver.kubernetes;

import java.util.Map;

import dev.secretsstore.driver.restart.WorkloadState;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1DaemonSetStatus;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetStatus;

/**
 * Whether a workload's previous rollout is still progressing, read from its status as
 * {@code kubectl rollout status} reads it: the controller has not seen the latest spec,
 * or not every replica is updated (and, for a Deployment or DaemonSet, available).
 */
final class WorkloadProgress {

	private WorkloadProgress() {
	}

	static WorkloadState of(V1Deployment deployment) {
		V1DeploymentStatus status = deployment.getStatus();
		int replicas = orOne(deployment.getSpec() != null ? deployment.getSpec().getReplicas() : null);
		String progress = unobserved(deployment.getMetadata(),
				(status != null) ? status.getObservedGeneration() : null);
		if (progress == null && status == null) {
			progress = "it has no status yet";
		}
		if (progress == null && zero(status.getUpdatedReplicas()) < replicas) {
			progress = zero(status.getUpdatedReplicas()) + " of " + replicas + " replicas updated";
		}
		if (progress == null && zero(status.getAvailableReplicas()) < replicas) {
			progress = zero(status.getAvailableReplicas()) + " of " + replicas + " replicas available";
		}
		return state(deployment.getMetadata(),
				(deployment.getSpec() != null) ? deployment.getSpec().getTemplate() : null, progress);
	}

	static WorkloadState of(V1StatefulSet statefulSet) {
		V1StatefulSetStatus status = statefulSet.getStatus();
		int replicas = orOne(statefulSet.getSpec() != null ? statefulSet.getSpec().getReplicas() : null);
		String progress = unobserved(statefulSet.getMetadata(),
				(status != null) ? status.getObservedGeneration() : null);
		if (progress == null && status == null) {
			progress = "it has no status yet";
		}
		if (progress == null && status.getUpdateRevision() != null
				&& !status.getUpdateRevision().equals(status.getCurrentRevision())) {
			progress = "revision " + status.getCurrentRevision() + " is not yet " + status.getUpdateRevision();
		}
		if (progress == null && zero(status.getUpdatedReplicas()) < replicas) {
			progress = zero(status.getUpdatedReplicas()) + " of " + replicas + " replicas updated";
		}
		return state(statefulSet.getMetadata(),
				(statefulSet.getSpec() != null) ? statefulSet.getSpec().getTemplate() : null, progress);
	}

	static WorkloadState of(V1DaemonSet daemonSet) {
		V1DaemonSetStatus status = daemonSet.getStatus();
		String progress = unobserved(daemonSet.getMetadata(), (status != null) ? status.getObservedGeneration() : null);
		if (progress == null && status == null) {
			progress = "it has no status yet";
		}
		if (progress == null && zero(status.getUpdatedNumberScheduled()) < zero(status.getDesiredNumberScheduled())) {
			progress = zero(status.getUpdatedNumberScheduled()) + " of " + zero(status.getDesiredNumberScheduled())
					+ " nodes updated";
		}
		if (progress == null && zero(status.getNumberUnavailable()) > 0) {
			progress = status.getNumberUnavailable() + " pods unavailable";
		}
		return state(daemonSet.getMetadata(), (daemonSet.getSpec() != null) ? daemonSet.getSpec().getTemplate() : null,
				progress);
	}

	private static String unobserved(V1ObjectMeta metadata, Long observedGeneration) {
		Long generation = (metadata != null) ? metadata.getGeneration() : null;
		if (generation != null && (observedGeneration == null || observedGeneration < generation)) {
			return "its controller has not yet observed generation " + generation;
		}
		return null;
	}

	private static WorkloadState state(V1ObjectMeta metadata, V1PodTemplateSpec template, String progress) {
		Map<String, String> annotations = (template != null && template.getMetadata() != null)
				? template.getMetadata().getAnnotations() : null;
		return new WorkloadState(metadata.getUid(), metadata.getResourceVersion(), annotations, progress);
	}

	// the API server defaults spec.replicas to 1
	private static int orOne(Integer replicas) {
		return (replicas != null) ? replicas : 1;
	}

	private static int zero(Integer count) {
		return (count != null) ? count : 0;
	}

}
