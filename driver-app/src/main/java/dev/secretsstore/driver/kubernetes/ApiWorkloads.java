package dev.secretsstore.driver.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.secretsstore.driver.model.SecretProviderClasses;
import dev.secretsstore.driver.restart.RestartOptIn;
import dev.secretsstore.driver.restart.RotatedPod;
import dev.secretsstore.driver.restart.Workload;
import dev.secretsstore.driver.restart.WorkloadApi;
import dev.secretsstore.driver.restart.WorkloadState;
import dev.secretsstore.driver.rotation.RotationEvent;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.util.PatchUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster mode's workload API for restarts: the pod, looked up among the {@link NodePods}
 * (from the watch of this node's pods, by GET when the watch has not got it) once per
 * rotation that changed its files, and its controller chain (a ReplicaSet's Deployment)
 * only for a pod that asks for a restart, workloads read with {@link WorkloadProgress},
 * and the restart as a JSON merge patch of the pod template's annotations that carries
 * the resourceVersion read, so that it fails with 409 rather than overwrite another
 * node's restart. Needs get, list and watch on pods, get on replicasets, get and patch on
 * deployments, statefulsets and daemonsets.
 */
public final class ApiWorkloads implements WorkloadApi {

	private static final int NOT_FOUND = 404;

	private static final int CONFLICT = 409;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final NodePods pods;

	private final AppsV1Api apps;

	private final SecretProviderClasses secretProviderClasses;

	public ApiWorkloads(NodePods pods, AppsV1Api apps, SecretProviderClasses secretProviderClasses) {
		this.pods = pods;
		this.apps = apps;
		this.secretProviderClasses = secretProviderClasses;
	}

	@Override
	public Optional<RotatedPod> pod(RotationEvent rotation) {
		Optional<V1Pod> pod;
		try {
			pod = this.pods.find(rotation.namespace(), rotation.pod(), rotation.podUid());
		}
		catch (ApiException ex) {
			throw failure("reading pod " + rotation.namespace() + "/" + rotation.pod(), ex);
		}
		if (pod.isEmpty()) {
			return Optional.empty();
		}
		V1ObjectMeta metadata = pod.get().getMetadata();
		String optIn = (metadata.getAnnotations() != null) ? metadata.getAnnotations().get(RestartOptIn.ANNOTATION)
				: null;
		V1OwnerReference controller = controllerOf(metadata);
		return Optional.of(new RotatedPod(metadata.getNamespace(), metadata.getName(), metadata.getUid(), optIn,
				(controller != null) ? new RotatedPod.Controller(controller.getApiVersion(), controller.getKind(),
						controller.getName()) : null));
	}

	@Override
	public RotatedPod.Owner ownerOf(RotatedPod pod) {
		RotatedPod.Controller controller = pod.controller();
		if (controller == null) {
			return new RotatedPod.Owner(null, "no controller");
		}
		if (is(controller, "ReplicaSet")) {
			V1OwnerReference deployment = deploymentOf(pod.namespace(), controller.name());
			if (deployment == null) {
				return new RotatedPod.Owner(null,
						"the ReplicaSet " + controller.name() + ", which no Deployment controls");
			}
			return new RotatedPod.Owner(new Workload(Workload.Kind.DEPLOYMENT, pod.namespace(), deployment.getName()),
					"the Deployment " + deployment.getName());
		}
		if (is(controller, "StatefulSet") || is(controller, "DaemonSet")) {
			Workload.Kind kind = is(controller, "StatefulSet") ? Workload.Kind.STATEFUL_SET : Workload.Kind.DAEMON_SET;
			return new RotatedPod.Owner(new Workload(kind, pod.namespace(), controller.name()),
					"the " + kind.value() + " " + controller.name());
		}
		return new RotatedPod.Owner(null, "the " + controller.kind() + " " + controller.name());
	}

	@Override
	public boolean secretProviderClassOptsIn(String namespace, String name) {
		return this.secretProviderClasses.findCached(namespace, name)
			.map((spc) -> RestartOptIn.classOptsIn(spc.metadata().annotations().get(RestartOptIn.ANNOTATION)))
			.orElse(false);
	}

	@Override
	public Optional<WorkloadState> read(Workload workload) {
		try {
			return Optional.of(switch (workload.kind()) {
				case DEPLOYMENT -> WorkloadProgress
					.of(this.apps.readNamespacedDeployment(workload.name(), workload.namespace()).execute());
				case STATEFUL_SET -> WorkloadProgress
					.of(this.apps.readNamespacedStatefulSet(workload.name(), workload.namespace()).execute());
				case DAEMON_SET -> WorkloadProgress
					.of(this.apps.readNamespacedDaemonSet(workload.name(), workload.namespace()).execute());
			});
		}
		catch (ApiException ex) {
			if (ex.getCode() == NOT_FOUND) {
				return Optional.empty();
			}
			throw failure("reading " + workload, ex);
		}
	}

	@Override
	public Patch annotateTemplate(Workload workload, String resourceVersion, Map<String, String> annotations) {
		// the resourceVersion makes the merge patch conditional: 409 if anyone wrote the
		// workload since the read
		V1Patch patch = new V1Patch(
				JSON.writeValueAsString(Map.of("metadata", Map.of("resourceVersion", resourceVersion), "spec",
						Map.of("template", Map.of("metadata", Map.of("annotations", annotations))))));
		String name = workload.name();
		String namespace = workload.namespace();
		try {
			switch (workload.kind()) {
				case DEPLOYMENT -> PatchUtils.patch(Object.class,
						() -> this.apps.patchNamespacedDeployment(name, namespace, patch).buildCall(null),
						V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, this.apps.getApiClient());
				case STATEFUL_SET -> PatchUtils.patch(Object.class,
						() -> this.apps.patchNamespacedStatefulSet(name, namespace, patch).buildCall(null),
						V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, this.apps.getApiClient());
				case DAEMON_SET -> PatchUtils.patch(Object.class,
						() -> this.apps.patchNamespacedDaemonSet(name, namespace, patch).buildCall(null),
						V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, this.apps.getApiClient());
			}
			return Patch.PATCHED;
		}
		catch (ApiException ex) {
			if (ex.getCode() == CONFLICT) {
				return Patch.CONFLICT;
			}
			if (ex.getCode() == NOT_FOUND) {
				return Patch.GONE;
			}
			throw failure("patching " + workload, ex);
		}
	}

	// the ReplicaSet's controlling Deployment, or null when it has none (or is gone)
	private V1OwnerReference deploymentOf(String namespace, String replicaSet) {
		V1ReplicaSet read;
		try {
			read = this.apps.readNamespacedReplicaSet(replicaSet, namespace).execute();
		}
		catch (ApiException ex) {
			if (ex.getCode() == NOT_FOUND) {
				return null;
			}
			throw failure("reading ReplicaSet " + namespace + "/" + replicaSet, ex);
		}
		V1OwnerReference controller = (read.getMetadata() != null) ? controllerOf(read.getMetadata()) : null;
		return (controller != null && is(controller.getApiVersion(), controller.getKind(), "Deployment")) ? controller
				: null;
	}

	private static V1OwnerReference controllerOf(V1ObjectMeta metadata) {
		List<V1OwnerReference> owners = metadata.getOwnerReferences();
		if (owners == null) {
			return null;
		}
		return owners.stream().filter((owner) -> Boolean.TRUE.equals(owner.getController())).findFirst().orElse(null);
	}

	// apps/v1 only: a kind of the same name in another group is not the controller we
	// know how to restart
	private static boolean is(RotatedPod.Controller controller, String kind) {
		return is(controller.apiVersion(), controller.kind(), kind);
	}

	private static boolean is(String apiVersion, String actualKind, String kind) {
		return kind.equals(actualKind) && apiVersion != null && apiVersion.startsWith("apps/");
	}

	private static IllegalStateException failure(String what, ApiException ex) {
		return new IllegalStateException(what + " failed: HTTP " + ex.getCode(), ex);
	}

}
