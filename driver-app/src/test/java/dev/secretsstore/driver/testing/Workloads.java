package dev.secretsstore.driver.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.model.CustomResources;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.models.V1CSIVolumeSource;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1DaemonSetStatus;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;

/**
 * What the Go driver's e2e suite applies with kubectl, written to a
 * {@link KubernetesApiDouble} through its HTTP API: SecretProviderClasses of the e2e
 * provider, ReplicaSets and StatefulSets as their controllers would leave them, and pods
 * scheduled on one node with inline secrets volumes, owned as their controllers own them.
 */
public final class Workloads {

	/** The CSI driver of the pods' inline volumes. */
	public static final String DRIVER = "secrets-store.csi.k8s.io";

	/**
	 * The e2e provider's {@code objects} parameter for {@code foo} and {@code fookey}; in
	 * the other order, so that a pod status shows its objects sorted by id.
	 */
	public static final String OBJECTS = """
			array:
			  - |
			    objectName: fookey
			  - |
			    objectName: foo
			""";

	private final KubernetesApiDouble api;

	private final String node;

	/**
	 * @param node the node the pods are scheduled on
	 */
	public Workloads(KubernetesApiDouble api, String node) {
		this.api = api;
		this.node = node;
	}

	/**
	 * Creates a SecretProviderClass of the e2e provider for {@code foo} and
	 * {@code fookey} at {@code version} ({@code v1}, or the deprecated {@code v1alpha1}),
	 * syncing {@code secretObjects}.
	 */
	public Map<String, Object> secretProviderClass(String version, String namespace, String name,
			List<Map<String, Object>> secretObjects) throws ApiException {
		Map<String, Object> spec = new LinkedHashMap<>();
		spec.put("provider", E2eProvider.NAME);
		spec.put("parameters", Map.of("objects", OBJECTS));
		if (!secretObjects.isEmpty()) {
			spec.put("secretObjects", secretObjects);
		}
		Map<String, Object> spc = Map.of("apiVersion", CustomResources.GROUP + "/" + version, "kind",
				"SecretProviderClass", "metadata", Map.of("name", name, "namespace", namespace), "spec", spec);
		return CustomResources.write(this.api.customObjects()
			.createNamespacedCustomObject(CustomResources.GROUP, version, namespace,
					CustomResources.SECRET_PROVIDER_CLASSES, spc)
			.execute());
	}

	/**
	 * A {@code secretObjects} entry: an Opaque Secret {@code secretName} labelled
	 * {@code environment: test}, whose key {@code username} holds the object {@code foo}.
	 */
	public static Map<String, Object> fooSecret(String secretName) {
		return Map.of("secretName", secretName, "type", "Opaque", "labels", Map.of("environment", "test"), "data",
				List.of(Map.of("objectName", "foo", "key", "username")));
	}

	/**
	 * Creates the ReplicaSet a Deployment's controller would make for {@code deployment}.
	 */
	public V1ReplicaSet replicaSet(String namespace, String deployment) throws ApiException {
		V1ReplicaSet replicaSet = new V1ReplicaSet().apiVersion("apps/v1")
			.kind("ReplicaSet")
			.metadata(new V1ObjectMeta().namespace(namespace)
				.name(deployment + "-7d4b9c8f6")
				.putLabelsItem("app", deployment));
		return apps().createNamespacedReplicaSet(namespace, replicaSet).execute();
	}

	/**
	 * Creates a Deployment {@code name} of {@code replicas} pods whose last rollout is
	 * complete, as its controller would report it (generation 1 observed: the API server
	 * starts generations at 1), without its ReplicaSet or pods.
	 */
	public V1Deployment deployment(String namespace, String name, int replicas) throws ApiException {
		V1Deployment deployment = new V1Deployment().apiVersion("apps/v1")
			.kind("Deployment")
			.metadata(new V1ObjectMeta().namespace(namespace).name(name))
			.spec(new V1DeploymentSpec().replicas(replicas)
				.selector(new V1LabelSelector().putMatchLabelsItem("app", name))
				.template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().putLabelsItem("app", name))))
			.status(new V1DeploymentStatus().observedGeneration(1L)
				.replicas(replicas)
				.updatedReplicas(replicas)
				.readyReplicas(replicas)
				.availableReplicas(replicas));
		return apps().createNamespacedDeployment(namespace, deployment).execute();
	}

	/**
	 * Creates the ReplicaSet the Deployment's controller would make for
	 * {@code deployment}, owned by it.
	 */
	public V1ReplicaSet replicaSet(V1Deployment deployment) throws ApiException {
		String namespace = deployment.getMetadata().getNamespace();
		String name = deployment.getMetadata().getName();
		V1ReplicaSet replicaSet = new V1ReplicaSet().apiVersion("apps/v1")
			.kind("ReplicaSet")
			.metadata(new V1ObjectMeta().namespace(namespace)
				.name(name + "-5c9d7f8b4")
				.putLabelsItem("app", name)
				.addOwnerReferencesItem(ownerReference(deployment)));
		return apps().createNamespacedReplicaSet(namespace, replicaSet).execute();
	}

	/**
	 * Creates a DaemonSet {@code name} whose last rollout is complete on {@code nodes}
	 * nodes, without its pods.
	 */
	public V1DaemonSet daemonSet(String namespace, String name, int nodes) throws ApiException {
		V1DaemonSet daemonSet = new V1DaemonSet().apiVersion("apps/v1")
			.kind("DaemonSet")
			.metadata(new V1ObjectMeta().namespace(namespace).name(name))
			.status(new V1DaemonSetStatus().observedGeneration(1L)
				.desiredNumberScheduled(nodes)
				.currentNumberScheduled(nodes)
				.updatedNumberScheduled(nodes)
				.numberAvailable(nodes)
				.numberReady(nodes)
				.numberMisscheduled(0));
		return apps().createNamespacedDaemonSet(namespace, daemonSet).execute();
	}

	/**
	 * Creates a Job {@code name}, without its pods.
	 */
	public V1Job job(String namespace, String name) throws ApiException {
		V1Job job = new V1Job().apiVersion("batch/v1")
			.kind("Job")
			.metadata(new V1ObjectMeta().namespace(namespace).name(name));
		return new BatchV1Api(this.api.client()).createNamespacedJob(namespace, job).execute();
	}

	/**
	 * Creates a StatefulSet {@code name}, without its pods.
	 */
	public V1StatefulSet statefulSet(String namespace, String name) throws ApiException {
		V1StatefulSet statefulSet = new V1StatefulSet().apiVersion("apps/v1")
			.kind("StatefulSet")
			.metadata(new V1ObjectMeta().namespace(namespace).name(name));
		return apps().createNamespacedStatefulSet(namespace, statefulSet).execute();
	}

	/**
	 * Deletes a ReplicaSet, as deleting its Deployment does; the garbage collector takes
	 * its pods.
	 */
	public void deleteReplicaSet(V1ReplicaSet replicaSet) throws ApiException {
		apps().deleteNamespacedReplicaSet(replicaSet.getMetadata().getName(), replicaSet.getMetadata().getNamespace())
			.execute();
	}

	/**
	 * Creates a pod of {@code owner} (a ReplicaSet, StatefulSet, DaemonSet or Job, null
	 * for a bare pod) scheduled on this node, with one inline secrets volume per
	 * SecretProviderClass, named {@code secrets-store-inline-<i>}.
	 * @return the pod as the API server stored it, with its UID
	 */
	public V1Pod pod(String namespace, String name, Object owner, String... secretProviderClasses) throws ApiException {
		return annotatedPod(namespace, name, Map.of(), owner, secretProviderClasses);
	}

	/**
	 * Creates a pod as {@link #pod(String, String, Object, String...)} does, with
	 * {@code annotations}, as its controller copies them from its template.
	 */
	public V1Pod annotatedPod(String namespace, String name, Map<String, String> annotations, Object owner,
			String... secretProviderClasses) throws ApiException {
		V1ObjectMeta metadata = new V1ObjectMeta().namespace(namespace).name(name);
		if (!annotations.isEmpty()) {
			metadata.annotations(new LinkedHashMap<>(annotations));
		}
		if (owner != null) {
			metadata.addOwnerReferencesItem(ownerReference(owner));
		}
		List<V1Volume> volumes = new ArrayList<>();
		List<V1VolumeMount> mounts = new ArrayList<>();
		for (int i = 0; i < secretProviderClasses.length; i++) {
			String volume = volumeName(i);
			volumes.add(new V1Volume().name(volume)
				.csi(new V1CSIVolumeSource().driver(DRIVER)
					.readOnly(true)
					.volumeAttributes(Map.of("secretProviderClass", secretProviderClasses[i]))));
			mounts.add(new V1VolumeMount().name(volume).mountPath("/mnt/secrets-store-" + i).readOnly(true));
		}
		V1Pod pod = new V1Pod().apiVersion("v1")
			.kind("Pod")
			.metadata(metadata)
			.spec(new V1PodSpec().nodeName(this.node)
				.addContainersItem(new V1Container().name("busybox")
					.image("registry.k8s.io/e2e-test-images/busybox:1.29-4")
					.command(List.of("/bin/sleep", "10000"))
					.volumeMounts(mounts))
				.volumes(volumes));
		return this.api.core().createNamespacedPod(namespace, pod).execute();
	}

	/**
	 * Deletes a pod at once, as {@code kubectl delete pod --force --grace-period=0} does.
	 */
	public void deletePod(V1Pod pod) throws ApiException {
		this.api.core().deleteNamespacedPod(pod.getMetadata().getName(), pod.getMetadata().getNamespace()).execute();
	}

	/**
	 * The name {@link #pod} gives the inline volume of its {@code index}th
	 * SecretProviderClass.
	 */
	public static String volumeName(int index) {
		return "secrets-store-inline-" + index;
	}

	private AppsV1Api apps() {
		return new AppsV1Api(this.api.client());
	}

	// as the controllers set them
	private static V1OwnerReference ownerReference(Object owner) {
		V1ObjectMeta metadata;
		String kind;
		if (owner instanceof V1ReplicaSet replicaSet) {
			metadata = replicaSet.getMetadata();
			kind = "ReplicaSet";
		}
		else if (owner instanceof V1StatefulSet statefulSet) {
			metadata = statefulSet.getMetadata();
			kind = "StatefulSet";
		}
		else if (owner instanceof V1DaemonSet daemonSet) {
			metadata = daemonSet.getMetadata();
			kind = "DaemonSet";
		}
		else if (owner instanceof V1Deployment deployment) {
			metadata = deployment.getMetadata();
			kind = "Deployment";
		}
		else if (owner instanceof V1Job job) {
			metadata = job.getMetadata();
			kind = "Job";
		}
		else {
			throw new IllegalArgumentException("not a pod owner: " + owner);
		}
		return new V1OwnerReference().apiVersion((owner instanceof V1Job) ? "batch/v1" : "apps/v1")
			.kind(kind)
			.name(metadata.getName())
			.uid(metadata.getUid())
			.controller(true)
			.blockOwnerDeletion(true);
	}

}
