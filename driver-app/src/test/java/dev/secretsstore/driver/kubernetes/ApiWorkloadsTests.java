package dev.secretsstore.driver.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.model.CustomResources;
import dev.secretsstore.driver.restart.RestartOptIn;
import dev.secretsstore.driver.restart.RotatedPod;
import dev.secretsstore.driver.restart.Workload;
import dev.secretsstore.driver.restart.WorkloadApi;
import dev.secretsstore.driver.restart.WorkloadState;
import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.rotation.RotationTrigger;
import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.driver.testing.Workloads;
import dev.secretsstore.driver.volume.VersionChange;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pods, their controllers and workloads read and patched on the API server double, over
 * HTTP.
 */
class ApiWorkloadsTests {

	private static final String NAMESPACE = "default";

	private final KubernetesApiDouble api = KubernetesApiDouble.start();

	private final AppsV1Api apps = new AppsV1Api(this.api.client());

	private final Workloads workloads = new Workloads(this.api, "node-a");

	private final ApiWorkloads workloadApi = new ApiWorkloads(
			NodePods.watching(this.api.client(), this.api.core(), "node-a"), this.apps,
			new ApiSecretProviderClasses(this.api.customObjects()));

	@AfterEach
	void stop() {
		this.api.close();
	}

	@Test
	void aPodNamesTheDeploymentStatefulSetOrDaemonSetThatControlsIt() throws Exception {
		V1ReplicaSet replicaSet = this.workloads.replicaSet(this.workloads.deployment(NAMESPACE, "web", 2));
		V1Pod ofDeployment = this.workloads.annotatedPod(NAMESPACE, "web-x", Map.of(RestartOptIn.ANNOTATION, "spc-a"),
				replicaSet, "spc-a");
		V1Pod ofStatefulSet = this.workloads.pod(NAMESPACE, "db-0", this.workloads.statefulSet(NAMESPACE, "db"), "s");
		V1Pod ofDaemonSet = this.workloads.pod(NAMESPACE, "agent-x", this.workloads.daemonSet(NAMESPACE, "agent", 3),
				"s");

		assertThat(this.workloadApi.pod(rotationOf(ofDeployment))).hasValueSatisfying((pod) -> {
			assertThat(pod.optIn()).isEqualTo("spc-a");
			assertThat(pod.uid()).isEqualTo(ofDeployment.getMetadata().getUid());
			assertThat(this.workloadApi.ownerOf(pod).workload())
				.isEqualTo(new Workload(Workload.Kind.DEPLOYMENT, NAMESPACE, "web"));
		});
		assertThat(owner(ofStatefulSet).workload())
			.isEqualTo(new Workload(Workload.Kind.STATEFUL_SET, NAMESPACE, "db"));
		assertThat(owner(ofDaemonSet).workload()).isEqualTo(new Workload(Workload.Kind.DAEMON_SET, NAMESPACE, "agent"));
	}

	@Test
	void aPodIsReadWithoutItsControllerChainWhichIsReadOnlyForAPodThatAsksForARestart() throws Exception {
		V1Pod ofDeployment = this.workloads.pod(NAMESPACE, "web-y",
				this.workloads.replicaSet(this.workloads.deployment(NAMESPACE, "web", 2)), "s");
		int before = this.api.requestCount((request) -> request.path().contains("/replicasets/"));

		RotatedPod pod = this.workloadApi.pod(rotationOf(ofDeployment)).orElseThrow();

		assertThat(this.api.requestCount((request) -> request.path().contains("/replicasets/"))).isEqualTo(before);
		assertThat(this.workloadApi.ownerOf(pod).workload())
			.isEqualTo(new Workload(Workload.Kind.DEPLOYMENT, NAMESPACE, "web"));
		assertThat(this.api.requestCount((request) -> request.path().contains("/replicasets/"))).isEqualTo(before + 1);
	}

	@Test
	void aBarePodAJobsPodAndAReplicaSetWithoutDeploymentHaveNoWorkloadToRestart() throws Exception {
		V1Pod bare = this.workloads.pod(NAMESPACE, "bare", null, "s");
		V1Pod ofJob = this.workloads.pod(NAMESPACE, "pi-x", this.workloads.job(NAMESPACE, "pi"), "s");
		V1Pod ofReplicaSet = this.workloads.pod(NAMESPACE, "rs-x", this.workloads.replicaSet(NAMESPACE, "rs"), "s");

		assertThat(owner(bare).restartable()).isFalse();
		assertThat(owner(bare).description()).isEqualTo("no controller");
		assertThat(owner(ofJob).description()).isEqualTo("the Job pi");
		assertThat(owner(ofReplicaSet).description())
			.isEqualTo("the ReplicaSet rs-7d4b9c8f6, which no Deployment controls");
	}

	@Test
	void aPodGoneOrReplacedUnderItsNameIsNotRead() throws Exception {
		V1Pod pod = this.workloads.pod(NAMESPACE, "web-0", null, "s");
		assertThat(this.workloadApi.pod(rotation("gone", "uid-gone"))).isEmpty();
		assertThat(this.workloadApi.pod(rotation("web-0", "uid-of-the-pod-before"))).isEmpty();
		assertThat(pod.getMetadata().getUid()).isNotEqualTo("uid-of-the-pod-before");
	}

	@Test
	void aRolloutIsProgressingAsKubectlRolloutStatusWouldSay() throws Exception {
		this.workloads.deployment(NAMESPACE, "web", 2);
		assertThat(this.workloadApi.read(deployment("web"))).map(WorkloadState::progressing).hasValue(false);

		V1StatefulSet statefulSet = this.workloads.statefulSet(NAMESPACE, "db");
		assertThat(this.workloadApi.read(new Workload(Workload.Kind.STATEFUL_SET, NAMESPACE, "db")))
			.map(WorkloadState::progress)
			.hasValue("its controller has not yet observed generation 1");
		statefulSet = this.apps.readNamespacedStatefulSet("db", NAMESPACE).execute();
		statefulSet.status(new V1StatefulSetStatus().observedGeneration(statefulSet.getMetadata().getGeneration())
			.replicas(1)
			.updatedReplicas(1)
			.currentRevision("db-6d9f")
			.updateRevision("db-7c4a"));
		this.apps.replaceNamespacedStatefulSet("db", NAMESPACE, statefulSet).execute();
		assertThat(this.workloadApi.read(new Workload(Workload.Kind.STATEFUL_SET, NAMESPACE, "db")))
			.map(WorkloadState::progress)
			.hasValue("revision db-6d9f is not yet db-7c4a");

		V1DaemonSet daemonSet = this.workloads.daemonSet(NAMESPACE, "agent", 3);
		Workload agent = new Workload(Workload.Kind.DAEMON_SET, NAMESPACE, "agent");
		assertThat(this.workloadApi.read(agent)).map(WorkloadState::progressing).hasValue(false);
		daemonSet = this.apps.readNamespacedDaemonSet("agent", NAMESPACE).execute();
		daemonSet.getStatus().numberUnavailable(1);
		this.apps.replaceNamespacedDaemonSet("agent", NAMESPACE, daemonSet).execute();
		assertThat(this.workloadApi.read(agent)).map(WorkloadState::progress).hasValue("1 pods unavailable");

		assertThat(this.workloadApi.read(deployment("gone"))).isEmpty();
	}

	@Test
	void theRestartPatchNeedsTheResourceVersionItRead() throws Exception {
		V1Deployment created = this.workloads.deployment(NAMESPACE, "web", 2);
		String stale = created.getMetadata().getResourceVersion();
		created.getMetadata().putLabelsItem("team", "payments");
		this.apps.replaceNamespacedDeployment("web", NAMESPACE, created).execute();

		assertThat(this.workloadApi.annotateTemplate(deployment("web"), stale, Map.of("a", "1")))
			.isEqualTo(WorkloadApi.Patch.CONFLICT);
		assertThat(template("web")).isNullOrEmpty();

		String fresh = this.workloadApi.read(deployment("web")).orElseThrow().resourceVersion();
		assertThat(this.workloadApi.annotateTemplate(deployment("web"), fresh, Map.of("a", "1")))
			.isEqualTo(WorkloadApi.Patch.PATCHED);
		assertThat(template("web")).containsExactly(Map.entry("a", "1"));
		V1Deployment patched = this.apps.readNamespacedDeployment("web", NAMESPACE).execute();
		assertThat(patched.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", "web");
		assertThat(patched.getMetadata().getLabels()).containsEntry("team", "payments");

		assertThat(this.workloadApi.annotateTemplate(deployment("gone"), fresh, Map.of("a", "1")))
			.isEqualTo(WorkloadApi.Patch.GONE);
	}

	@Test
	void aSecretProviderClassOptsItsPodsInWithTrue() throws Exception {
		for (Map.Entry<String, String> spc : Map.of("yes", "true", "no", "false", "list", "a,b").entrySet()) {
			this.api.create(NAMESPACE, CustomResources.SECRET_PROVIDER_CLASSES,
					Map.of("apiVersion", CustomResources.GROUP + "/v1", "kind", "SecretProviderClass", "metadata",
							Map.of("name", spc.getKey(), "namespace", NAMESPACE, "annotations",
									Map.of(RestartOptIn.ANNOTATION, spc.getValue())),
							"spec", Map.of("provider", "e2e-provider")));
		}
		assertThat(this.workloadApi.secretProviderClassOptsIn(NAMESPACE, "yes")).isTrue();
		assertThat(this.workloadApi.secretProviderClassOptsIn(NAMESPACE, "no")).isFalse();
		assertThat(this.workloadApi.secretProviderClassOptsIn(NAMESPACE, "list")).isFalse();
		assertThat(this.workloadApi.secretProviderClassOptsIn(NAMESPACE, "missing")).isFalse();
	}

	private Map<String, String> template(String name) throws Exception {
		return this.apps.readNamespacedDeployment(name, NAMESPACE)
			.execute()
			.getSpec()
			.getTemplate()
			.getMetadata()
			.getAnnotations();
	}

	private static Workload deployment(String name) {
		return new Workload(Workload.Kind.DEPLOYMENT, NAMESPACE, name);
	}

	private static RotationEvent rotationOf(V1Pod pod) {
		return rotation(pod.getMetadata().getName(), pod.getMetadata().getUid());
	}

	private static RotationEvent rotation(String pod, String uid) {
		return new RotationEvent(Instant.parse("2026-11-28T00:00:00Z"), NAMESPACE, pod, uid, "spc-a", "e2e-provider",
				"/var/lib/kubelet/pods/" + uid + "/volumes/kubernetes.io~csi/secrets-store-inline-0/mount",
				RotationTrigger.SCHEDULED, RotationEvent.Outcome.ROTATED, List.of(new VersionChange("foo", "v1", "v2")),
				null, null, Duration.ofMillis(5));
	}

	private RotatedPod.Owner owner(V1Pod pod) {
		return this.workloadApi.ownerOf(this.workloadApi.pod(rotationOf(pod)).orElseThrow());
	}

}
