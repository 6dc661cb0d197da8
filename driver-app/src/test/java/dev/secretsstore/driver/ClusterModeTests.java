package dev.secretsstore.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.model.CustomResources;
import dev.secretsstore.driver.model.SecretProviderClassPodStatus;
import dev.secretsstore.driver.mount.FolderMounter;
import dev.secretsstore.driver.mount.MountTable;
import dev.secretsstore.driver.mount.Mounter;
import dev.secretsstore.driver.mount.TmpfsMounter;
import dev.secretsstore.driver.restart.RestartAnnotations;
import dev.secretsstore.driver.restart.RestartOptIn;
import dev.secretsstore.driver.testing.E2eProvider;
import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.driver.testing.TestDriver;
import dev.secretsstore.driver.testing.Workloads;
import dev.secretsstore.provider.plugin.PluginServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The Go driver's e2e suite ({@code test/bats/e2e-provider.bats}, cases 4 to 13) as
 * integration tests of the whole application in cluster mode, plus cases of our own: one
 * context, shared by the tests, talks to a {@link KubernetesApiDouble} found through
 * {@code KUBECONFIG}, serves kubelet's CSI calls on its socket, rotates every 2 s and
 * syncs Secrets; the {@link E2eProvider} runs as a remote plugin on
 * {@code e2e-provider.sock}. Each test plays kubectl (objects written to the API) and
 * kubelet ({@link KubeletClient} publishing the pods' volumes under the UIDs the API
 * server gave the pods), in a namespace of its own, and unpublishes what it published.
 * <p>
 * What needs a real cluster is adapted, as each test says: there are no containers (the
 * suite's environment variables from synced Secrets are not checked, the mounted files
 * are read directly), no Deployment controller (the tests create the ReplicaSets a
 * Deployment would and delete those instead of the Deployment), no graceful pod deletion
 * (the double's garbage collector deletes pods at once; kubelet's unpublish follows), and
 * the double's garbage collector runs within the DELETE rather than a moment later.
 */
// before @SpringBootTest: JUnit calls the extensions registered first last, so the API
// server closes after the
// context, whose watches would otherwise log its going
@ExtendWith(ClusterModeTests.StopAfterTheContext.class)
@SpringBootTest(properties = "server.port=0")
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterModeTests {

	private static final String NODE = "e2e-node";

	private static final String SYNC_SPC = "e2e-provider-sync";

	private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

	// the interval, its jitter (a twentieth), one pass interval and room for a slow
	// machine
	private static final Duration ROTATION_TIMEOUT = Duration.ofSeconds(15);

	private static final Path ROOT = createRoot();

	private static final KubernetesApiDouble API = KubernetesApiDouble.start();

	private static final E2eProvider PROVIDER = new E2eProvider();

	private static final PluginServer PLUGIN = servePlugin();

	private final Workloads workloads = new Workloads(API, NODE);

	private final List<PodVolume> published = new ArrayList<>();

	@LocalServerPort
	int port;

	@TestBean
	Mounter mounter;

	private KubeletClient kubelet;

	@DynamicPropertySource
	static void clusterMode(DynamicPropertyRegistry registry) {
		registry.add("secrets-store.standalone.enabled", () -> "false");
		// KubernetesClients reads both from the Environment: not in a pod, so the
		// kubeconfig file
		registry.add("KUBERNETES_SERVICE_HOST", () -> "");
		registry.add("KUBECONFIG", () -> writeKubeconfig().toString());
		registry.add("secrets-store.csi.node-id", () -> NODE);
		registry.add("secrets-store.csi.endpoint", () -> "unix://" + ROOT.resolve("csi.sock"));
		registry.add("secrets-store.mount.kubelet-root-dir", () -> ROOT.resolve("kubelet").toString());
		registry.add("secrets-store.provider.volume", () -> ROOT.resolve("providers").toString());
		registry.add("secrets-store.provider.additional-volume-paths", () -> "");
		registry.add("secrets-store.rotation.enabled", () -> "true");
		registry.add("secrets-store.rotation.poll-interval", () -> POLL_INTERVAL.toMillis() + "ms");
		registry.add("secrets-store.rotation.pass-interval", () -> "500ms");
		registry.add("secrets-store.sync.enabled", () -> "true");
		// no quiet or minimum period: only the read-first check can keep a second
		// rotation from a second rollout
		registry.add("secrets-store.restart.enabled", () -> "true");
		registry.add("secrets-store.restart.quiet-period", () -> "0s");
		registry.add("secrets-store.restart.min-period", () -> "0s");
	}

	/**
	 * tmpfs mounts when the tests run as root, as the driver mounts in a cluster; plain
	 * folders otherwise, which the driver allows in standalone mode only.
	 */
	static Mounter mounter() {
		return TestDriver.isRoot() ? new TmpfsMounter(new MountTable()) : new FolderMounter();
	}

	@BeforeEach
	void kubelet() {
		this.kubelet = new KubeletClient(ROOT.resolve("csi.sock"), ROOT.resolve("kubelet"));
	}

	@AfterEach
	void unpublishWhatIsLeft() {
		try {
			for (PodVolume volume : List.copyOf(this.published)) {
				unpublish(volume);
			}
		}
		finally {
			this.kubelet.close();
		}
	}

	/**
	 * Case 4: a SecretProviderClass created at the deprecated {@code v1alpha1} works. The
	 * driver reads {@code v1}; the CRD serves both with the same schema and no conversion
	 * webhook, so the API server serves the object at {@code v1} too, which the double
	 * does as well.
	 */
	@Test
	@Order(4)
	void aV1alpha1SecretProviderClassIsAccepted() throws Exception {
		this.workloads.secretProviderClass("v1alpha1", "alpha", "e2e-provider", List.of());
		V1Pod pod = this.workloads.pod("alpha", "secrets-store-inline-crd", null, "e2e-provider");

		Path target = publish(pod, 0, "e2e-provider");

		assertThat(target.resolve("foo")).hasContent("secret");
		assertThat(Files.readString(target.resolve("fookey"))).contains("-----BEGIN PUBLIC KEY-----");
	}

	/**
	 * Case 5: a {@code v1} SecretProviderClass; the volume's SecretProviderClassPodStatus
	 * is there as the Go driver writes it.
	 */
	@Test
	@Order(5)
	void aV1SecretProviderClassMountsItsObjectsAndRecordsThePodStatus() throws Exception {
		this.workloads.secretProviderClass("v1", "default", "e2e-provider", List.of());
		V1Pod pod = this.workloads.pod("default", "secrets-store-inline-crd", null, "e2e-provider");

		Path target = publish(pod, 0, "e2e-provider");

		assertThat(target.resolve("foo")).hasContent("secret");
		assertThat(target.resolve("fookey")).hasContent(E2eProvider.PUBLIC_KEY);
		Map<String, Object> status = podStatus("default", "secrets-store-inline-crd-default-e2e-provider");
		assertThat(at(status, "metadata", "labels")).containsEntry(SecretProviderClassPodStatus.NODE_LABEL, NODE);
		assertThat(status).extracting((object) -> at(object, "metadata").get("ownerReferences"))
			.isEqualTo(List.of(Map.of("apiVersion", "v1", "kind", "Pod", "name", "secrets-store-inline-crd", "uid",
					pod.getMetadata().getUid())));
		assertThat(at(status, "status")).containsEntry("podName", "secrets-store-inline-crd")
			.containsEntry("secretProviderClassName", "e2e-provider")
			.containsEntry("mounted", true)
			.containsEntry("targetPath", target.toString())
			.containsEntry("objects", List.of(Map.of("id", "secret/foo", "version", "v1"),
					Map.of("id", "secret/fookey", "version", "v1")));
	}

	/**
	 * Case 6: kubelet unpublishes the volume of a pod being deleted: the mount goes, so
	 * does its pod status, and the driver logs no failure to clean up.
	 */
	@Test
	@Order(6)
	@ExtendWith(OutputCaptureExtension.class)
	void unpublishRemovesTheMountAndThePodStatus(CapturedOutput output) throws Exception {
		this.workloads.secretProviderClass("v1", "unmount", "e2e-provider", List.of());
		V1Pod pod = this.workloads.pod("unmount", "secrets-store-inline-crd", null, "e2e-provider");
		Path target = publish(pod, 0, "e2e-provider");
		assertThat(podStatus("unmount", "secrets-store-inline-crd-unmount-e2e-provider")).isNotNull();

		unpublish(volume(pod, 0, "e2e-provider"));
		this.workloads.deletePod(pod);

		assertThat(target).doesNotExist();
		assertThat(this.mounter.isMounted(target)).isFalse();
		assertThatNotFound(() -> podStatus("unmount", "secrets-store-inline-crd-unmount-e2e-provider"));
		assertThat(output).doesNotContain("failed to clean and unmount target path");
	}

	/**
	 * Case 7: a SecretProviderClass with {@code secretObjects} used by the pods of two
	 * Deployments syncs the Secret, owned by both ReplicaSets.
	 */
	@Test
	@Order(7)
	void aSyncedSecretHoldsTheMountedObjectAndIsOwnedByTheReplicaSetsOfBothDeployments() throws Exception {
		TwoDeployments deployments = twoDeploymentsSyncing("sync");

		assertThat(deployments.target1().resolve("foo")).hasContent("secret");
		assertThat(deployments.target2().resolve("foo")).hasContent("secret");
		V1Secret secret = secret("sync", "foosecret");
		assertThat(secret.getType()).isEqualTo("Opaque");
		assertThat(secret.getData()).containsOnlyKeys("username");
		assertThat(secret.getData().get("username")).asString(StandardCharsets.UTF_8).isEqualTo("secret");
		assertThat(secret.getMetadata().getLabels()).containsEntry("environment", "test")
			.containsEntry("secrets-store.csi.k8s.io/managed", "true");
		assertThat(secret.getMetadata().getOwnerReferences()).hasSize(2)
			.extracting(V1OwnerReference::getKind, V1OwnerReference::getName)
			.containsExactlyInAnyOrder(tuple("ReplicaSet", deployments.first().getMetadata().getName()),
					tuple("ReplicaSet", deployments.second().getMetadata().getName()));
	}

	/**
	 * Case 8: deleting the Deployments, here their ReplicaSets (there is no Deployment
	 * controller), leaves the Secret to the garbage collector: one owner after the first,
	 * deleted after the second. Nor does the driver write it back while the last pod's
	 * volume is still mounted: kubelet unpublishes only after the pod's graceful
	 * termination (the double deletes the pod at once, so the driver finds it gone rather
	 * than being deleted).
	 */
	@Test
	@Order(8)
	void theSyncedSecretIsGarbageCollectedAfterTheLastDeployment() throws Exception {
		TwoDeployments deployments = twoDeploymentsSyncing("gc");

		this.workloads.deleteReplicaSet(deployments.first());
		eventually().untilAsserted(() -> assertThat(secret("gc", "foosecret").getMetadata().getOwnerReferences())
			.extracting(V1OwnerReference::getName)
			.containsExactly(deployments.second().getMetadata().getName()));
		unpublish(volume(deployments.pod1(), 0, SYNC_SPC));

		this.workloads.deleteReplicaSet(deployments.second());
		eventually().untilAsserted(() -> assertThatNotFound(() -> secret("gc", "foosecret")));
		await().during(POLL_INTERVAL.multipliedBy(2))
			.atMost(POLL_INTERVAL.multipliedBy(3))
			.untilAsserted(() -> assertThatNotFound(() -> secret("gc", "foosecret")));
	}

	/**
	 * Case 9: a SecretProviderClass in another namespace syncs the Secret there, owned by
	 * that Deployment's ReplicaSet alone and deleted after it.
	 */
	@Test
	@Order(9)
	void aNamespacedSecretProviderClassSyncsItsSecretInItsNamespace() throws Exception {
		this.workloads.secretProviderClass("v1", "test-ns", SYNC_SPC, List.of(Workloads.fooSecret("foosecret")));
		V1ReplicaSet replicaSet = this.workloads.replicaSet("test-ns", "busybox-deployment");
		V1Pod pod = this.workloads.pod("test-ns", "busybox-deployment-7d4b9c8f6-x1", replicaSet, SYNC_SPC);

		Path target = publish(pod, 0, SYNC_SPC);

		assertThat(target.resolve("foo")).hasContent("secret");
		V1Secret secret = secret("test-ns", "foosecret");
		assertThat(secret.getData().get("username")).asString(StandardCharsets.UTF_8).isEqualTo("secret");
		assertThat(secret.getMetadata().getOwnerReferences()).extracting(V1OwnerReference::getUid)
			.containsExactly(replicaSet.getMetadata().getUid());
		this.workloads.deleteReplicaSet(replicaSet);
		unpublish(volume(pod, 0, SYNC_SPC));
		assertThatNotFound(() -> secret("test-ns", "foosecret"));
	}

	/**
	 * Case 10: a pod whose namespace lacks the SecretProviderClass fails to mount with
	 * NOT_FOUND and the message kubelet puts in its {@code FailedMount} event (kubelet is
	 * not there to record the event).
	 */
	@Test
	@Order(10)
	void aPodInANamespaceWithoutTheSecretProviderClassFailsToMount() throws Exception {
		V1Pod pod = this.workloads.pod("negative-test-ns", "busybox-deployment-x1", null, SYNC_SPC);
		PodVolume volume = volume(pod, 0, SYNC_SPC);

		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> this.kubelet.publish(volume, Map.of()))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
				assertThat(ex.getStatus().getDescription())
					.contains("failed to get secretproviderclass negative-test-ns/e2e-provider-sync");
			});
		Path target = volume.targetPath(ROOT.resolve("kubelet"));
		assertThat(Files.exists(target) && this.mounter.isMounted(target)).isFalse();
		assertThatNotFound(() -> podStatus("negative-test-ns", "busybox-deployment-x1-negative-test-ns-" + SYNC_SPC));
	}

	/**
	 * Case 11: one pod with two volumes of two SecretProviderClasses mounts both and
	 * syncs both Secrets, each owned by the pod's ReplicaSet.
	 */
	@Test
	@Order(11)
	void onePodWithTwoSecretProviderClassesMountsBothAndSyncsBothSecrets() throws Exception {
		for (int i = 0; i < 2; i++) {
			this.workloads.secretProviderClass("v1", "multi", "e2e-provider-spc-" + i,
					List.of(Workloads.fooSecret("foosecret-" + i)));
		}
		V1ReplicaSet replicaSet = this.workloads.replicaSet("multi", "busybox-deployment");
		V1Pod pod = this.workloads.pod("multi", "busybox-deployment-7d4b9c8f6-x1", replicaSet, "e2e-provider-spc-0",
				"e2e-provider-spc-1");

		for (int i = 0; i < 2; i++) {
			Path target = publish(pod, i, "e2e-provider-spc-" + i);
			assertThat(target.resolve("foo")).hasContent("secret");
			assertThat(Files.readString(target.resolve("fookey"))).contains("-----BEGIN PUBLIC KEY-----");
		}
		for (int i = 0; i < 2; i++) {
			V1Secret secret = secret("multi", "foosecret-" + i);
			assertThat(secret.getData().get("username")).asString(StandardCharsets.UTF_8).isEqualTo("secret");
			assertThat(secret.getMetadata().getOwnerReferences()).extracting(V1OwnerReference::getUid)
				.containsExactly(replicaSet.getMetadata().getUid());
		}
	}

	/**
	 * Case 12: once the provider serves new content, the mounted file and the synced
	 * Secret follow within the rotation interval (the suite sleeps 120 s for its 30 s
	 * interval; here 2 s), the pod status records the new versions, and the pod gets a
	 * {@code MountRotationComplete} event that {@code kubectl describe pod} shows (it
	 * selects the pod's events by UID).
	 */
	@Test
	@Order(12)
	void rotationUpdatesTheFileTheSecretAndThePodStatusAndTellsThePod() throws Exception {
		this.workloads.secretProviderClass("v1", "rotation", "e2e-provider-auto-rotation", List.of(Map.of("secretName",
				"rotationsecret", "type", "Opaque", "data", List.of(Map.of("objectName", "foo", "key", "username")))));
		V1Pod pod = this.workloads.pod("rotation", "secrets-store-inline-rotation", null, "e2e-provider-auto-rotation");
		Path target = publish(pod, 0, "e2e-provider-auto-rotation");
		String statusName = "secrets-store-inline-rotation-rotation-e2e-provider-auto-rotation";
		assertThat(target.resolve("foo")).hasContent("secret");
		assertThat(secret("rotation", "rotationsecret").getData().get("username")).asString(StandardCharsets.UTF_8)
			.isEqualTo("secret");

		PROVIDER.rotated(true);
		try {
			eventually().untilAsserted(() -> {
				assertThat(target.resolve("foo")).hasContent("rotated");
				assertThat(secret("rotation", "rotationsecret").getData().get("username"))
					.asString(StandardCharsets.UTF_8)
					.isEqualTo("rotated");
				assertThat(at(podStatus("rotation", statusName), "status")).containsEntry("objects", List
					.of(Map.of("id", "secret/foo", "version", "v2"), Map.of("id", "secret/fookey", "version", "v2")));
			});
		}
		finally {
			PROVIDER.rotated(false);
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(eventsOf(pod)).anySatisfy((event) -> {
			assertThat(event.getType()).isEqualTo("Normal");
			assertThat(event.getReason()).isEqualTo("MountRotationComplete");
			assertThat(event.getSource().getComponent()).isEqualTo("csi-secrets-store-rotation");
		}));
	}

	/**
	 * Case 13: the metrics endpoint counts publishes, unpublishes and rotation reconciles
	 * under the Go driver's names (on the application's port, which serves Actuator as
	 * well).
	 */
	@Test
	@Order(13)
	void metricsCountPublishesUnpublishesAndRotationsUnderTheGoDriversNames() throws Exception {
		this.workloads.secretProviderClass("v1", "metrics", "e2e-provider", List.of());
		V1Pod pod = this.workloads.pod("metrics", "secrets-store-inline-crd", null, "e2e-provider");
		publish(pod, 0, "e2e-provider");
		await().atMost(ROTATION_TIMEOUT).until(() -> metrics().contains("rotation_reconcile_total"));

		unpublish(volume(pod, 0, "e2e-provider"));

		assertThat(metrics()).contains("node_publish_total{os_type=\"linux\",provider=\"e2e-provider\"}",
				"node_unpublish_total{os_type=\"linux\"}",
				"rotation_reconcile_total{os_type=\"linux\"," + "provider=\"e2e-provider\",rotated=\"false\"}");
		// ours: the watches' state in Actuator health
		assertThat(get("/actuator/health/kubernetesWatches")).contains("\"status\":\"UP\"",
				"\"secretproviderclasses\":\"watching\"");
	}

	/**
	 * Ours: the Secret synced for a pod without owners is owned by the pod's
	 * SecretProviderClassPodStatus (which the pod owns), so it goes when the pod's volume
	 * does.
	 */
	@Test
	@Order(14)
	void theSecretOfABarePodIsOwnedByItsPodStatusAndGoesWithIt() throws Exception {
		this.workloads.secretProviderClass("v1", "bare", SYNC_SPC, List.of(Workloads.fooSecret("foosecret")));
		V1Pod pod = this.workloads.pod("bare", "secrets-store-inline", null, SYNC_SPC);

		publish(pod, 0, SYNC_SPC);

		Map<String, Object> status = podStatus("bare", "secrets-store-inline-bare-" + SYNC_SPC);
		assertThat(secret("bare", "foosecret").getMetadata().getOwnerReferences()).singleElement()
			.satisfies((owner) -> {
				assertThat(owner.getApiVersion()).isEqualTo("secrets-store.csi.x-k8s.io/v1");
				assertThat(owner.getKind()).isEqualTo("SecretProviderClassPodStatus");
				assertThat(owner.getName()).isEqualTo("secrets-store-inline-bare-" + SYNC_SPC);
				assertThat(owner.getUid()).isEqualTo(at(status, "metadata").get("uid"));
			});
		unpublish(volume(pod, 0, SYNC_SPC));
		assertThatNotFound(() -> secret("bare", "foosecret"));
	}

	/**
	 * Ours: once the mounts have settled, rotation checks with unchanged content cost no
	 * API request beyond the driver's watches (ADR 4); and a synced Secret someone else
	 * deletes is written again at the next check.
	 */
	@Test
	@Order(15)
	void anIdleDriverMakesNoApiRequestAndRepairsADeletedSecretAtTheNextCheck() throws Exception {
		this.workloads.secretProviderClass("v1", "idle", SYNC_SPC, List.of(Workloads.fooSecret("foosecret")));
		V1ReplicaSet replicaSet = this.workloads.replicaSet("idle", "busybox-deployment");
		V1Pod pod = this.workloads.pod("idle", "busybox-deployment-7d4b9c8f6-x1", replicaSet, SYNC_SPC);
		publish(pod, 0, SYNC_SPC);
		int mounted = PROVIDER.calls.get();
		// settled: a scheduled check has asked the provider again
		await().atMost(ROTATION_TIMEOUT).until(() -> PROVIDER.calls.get() > mounted);
		int requests = API.requestCount((request) -> !request.isWatch());
		int checks = PROVIDER.calls.get();

		await().during(POLL_INTERVAL.multipliedBy(2).plusSeconds(1))
			.atMost(POLL_INTERVAL.multipliedBy(3))
			.until(() -> API.requestCount((request) -> !request.isWatch()) == requests);
		assertThat(PROVIDER.calls.get()).isGreaterThanOrEqualTo(checks + 2);

		API.core().deleteNamespacedSecret("foosecret", "idle").execute();
		eventually().untilAsserted(() -> {
			V1Secret secret = secret("idle", "foosecret");
			assertThat(secret.getData().get("username")).asString(StandardCharsets.UTF_8).isEqualTo("secret");
			assertThat(secret.getMetadata().getOwnerReferences()).extracting(V1OwnerReference::getUid)
				.containsExactly(replicaSet.getMetadata().getUid());
		});
	}

	/**
	 * Ours: a StatefulSet pod deleted at once and recreated under its name with a new UID
	 * before the garbage collector took the old pod's status: the new pod's publish takes
	 * the status over (node label, owner, status), and kubelet's late unpublish of the
	 * old pod's volume leaves it to the new pod.
	 */
	@Test
	@Order(16)
	void aRecreatedStatefulSetPodTakesItsPodStatusOver() throws Exception {
		String statusName = "web-0-statefulset-e2e-provider";
		this.workloads.secretProviderClass("v1", "statefulset", "e2e-provider", List.of());
		V1StatefulSet statefulSet = this.workloads.statefulSet("statefulset", "web");
		V1Pod old = this.workloads.pod("statefulset", "web-0", statefulSet, "e2e-provider");
		publish(old, 0, "e2e-provider");

		API.holdGarbageCollection();
		try {
			this.workloads.deletePod(old);
			V1Pod recreated = this.workloads.pod("statefulset", "web-0", statefulSet, "e2e-provider");
			Path target = publish(recreated, 0, "e2e-provider");

			Map<String, Object> status = podStatus("statefulset", statusName);
			assertThat(at(status, "metadata", "labels")).containsEntry(SecretProviderClassPodStatus.NODE_LABEL, NODE);
			assertThat(at(status, "metadata").get("ownerReferences")).isEqualTo(List.of(Map.of("apiVersion", "v1",
					"kind", "Pod", "name", "web-0", "uid", recreated.getMetadata().getUid())));
			assertThat(at(status, "status")).containsEntry("podName", "web-0")
				.containsEntry("targetPath", target.toString());
			API.releaseGarbageCollection();

			unpublish(volume(old, 0, "e2e-provider"));

			assertThat(at(podStatus("statefulset", statusName), "status")).containsEntry("targetPath",
					target.toString());
		}
		finally {
			API.releaseGarbageCollection();
		}
	}

	// the API's answers, such as a Secret not found, are among the conditions waited for
	private static ConditionFactory eventually() {
		return await().atMost(ROTATION_TIMEOUT).ignoreExceptionsInstanceOf(ApiException.class);
	}

	private TwoDeployments twoDeploymentsSyncing(String namespace) throws Exception {
		this.workloads.secretProviderClass("v1", namespace, SYNC_SPC, List.of(Workloads.fooSecret("foosecret")));
		V1ReplicaSet first = this.workloads.replicaSet(namespace, "busybox-deployment");
		V1ReplicaSet second = this.workloads.replicaSet(namespace, "busybox-deployment-2");
		V1Pod pod1 = this.workloads.pod(namespace, "busybox-deployment-7d4b9c8f6-x1", first, SYNC_SPC);
		V1Pod pod2 = this.workloads.pod(namespace, "busybox-deployment-2-7d4b9c8f6-x1", second, SYNC_SPC);
		return new TwoDeployments(first, second, pod1, pod2, publish(pod1, 0, SYNC_SPC), publish(pod2, 0, SYNC_SPC));
	}

	private Path publish(V1Pod pod, int index, String secretProviderClass) {
		PodVolume volume = volume(pod, index, secretProviderClass);
		Path target = this.kubelet.publish(volume, Map.of());
		this.published.add(volume);
		return target;
	}

	private void unpublish(PodVolume volume) {
		this.kubelet.unpublish(volume);
		this.published.remove(volume);
	}

	private static PodVolume volume(V1Pod pod, int index, String secretProviderClass) {
		return new PodVolume(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(),
				Workloads.volumeName(index), secretProviderClass, "default", Map.of());
	}

	private static V1Secret secret(String namespace, String name) throws ApiException {
		return API.core().readNamespacedSecret(name, namespace).execute();
	}

	private static Map<String, Object> podStatus(String namespace, String name) throws ApiException {
		return API.get(namespace, CustomResources.POD_STATUSES, name);
	}

	// as kubectl describe pod selects them
	private static List<CoreV1Event> eventsOf(V1Pod pod) throws ApiException {
		String namespace = pod.getMetadata().getNamespace();
		return API.core()
			.listNamespacedEvent(namespace)
			.fieldSelector("involvedObject.name=" + pod.getMetadata().getName() + ",involvedObject.namespace="
					+ namespace + ",involvedObject.kind=Pod,involvedObject.uid=" + pod.getMetadata().getUid())
			.execute()
			.getItems();
	}

	/**
	 * Ours: rotating on demand ({@code POST /actuator/rotations}) takes a bearer token
	 * that the API server authenticates (TokenReview) and whose user RBAC allows to
	 * {@code post} the non-resource URL {@code /actuator/rotations}
	 * (SubjectAccessReview); other callers are refused and nothing rotates. Reads stay
	 * open.
	 */
	@Test
	@Order(17)
	@ExtendWith(OutputCaptureExtension.class)
	void rotatingOnDemandTakesATokenThatTheApiServerAuthenticatesAndRbacAllowsToPostTheRotations(CapturedOutput output)
			throws Exception {
		this.workloads.secretProviderClass("v1", "ondemand", "e2e-provider", List.of());
		V1Pod pod = this.workloads.pod("ondemand", "secrets-store-inline-crd", null, "e2e-provider");
		publish(pod, 0, "e2e-provider");
		API.acceptToken("rotator-token", "system:serviceaccount:ops:rotator", "system:serviceaccounts");
		API.acceptToken("viewer-token", "jane", "system:authenticated");
		API.allow("system:serviceaccount:ops:rotator", "post", "/actuator/rotations");
		String thisNamespace = "{\"namespace\":\"ondemand\"}";

		HttpResponse<String> anonymous = postRotations(thisNamespace, null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(postRotations(thisNamespace, "forged-token").statusCode()).isEqualTo(401);
		HttpResponse<String> viewer = postRotations(thisNamespace, "viewer-token");
		assertThat(viewer.statusCode()).isEqualTo(403);
		assertThat(viewer.body()).contains("user \\\"jane\\\" may not post /actuator/rotations")
			.doesNotContain("viewer-token");
		assertThat(get("/actuator/rotations")).doesNotContain("ON_DEMAND");

		HttpResponse<String> rotated = postRotations(thisNamespace, "rotator-token");
		assertThat(rotated.statusCode()).isEqualTo(200);
		assertThat(rotated.body()).contains("\"namespace\":\"ondemand\"", "\"trigger\":\"ON_DEMAND\"");
		assertThat(get("/actuator/rotations")).contains("ON_DEMAND");
		assertThat(API.accessReviews()).last()
			.satisfies((review) -> assertThat(review.getAsJsonObject("spec").getAsJsonObject("nonResourceAttributes"))
				.hasToString("{\"path\":\"/actuator/rotations\",\"verb\":\"post\"}"));
		// who did what is logged, the credentials never
		assertThat(output).contains("POST /actuator/rotations by system:serviceaccount:ops:rotator", "(403)")
			.doesNotContain("rotator-token", "viewer-token", "forged-token");

		unpublish(volume(pod, 0, "e2e-provider"));
	}

	/**
	 * Ours: a rotation of an opted-in pod restarts its Deployment once, through the
	 * template annotation, with an Event on the Deployment and an entry in
	 * {@code /actuator/rotations}; the rollout's new pod, rotating to the versions the
	 * restart already names, restarts nothing. There is no Deployment controller: the
	 * test makes the new pod as it would.
	 */
	@Test
	@Order(18)
	void aRotationRestartsTheDeploymentOfAnOptedInPodOnceAndItsRolloutRestartsNothing() throws Exception {
		String spc = "e2e-provider-auto-rotation";
		this.workloads.secretProviderClass("v1", "restart", spc, List.of());
		V1ReplicaSet replicaSet = this.workloads.replicaSet(this.workloads.deployment("restart", "web", 1));
		Map<String, String> optIn = Map.of(RestartOptIn.ANNOTATION, "true");
		V1Pod pod = this.workloads.annotatedPod("restart", "web-5c9d7f8b4-a1", optIn, replicaSet, spc);
		publish(pod, 0, spc);
		AppsV1Api apps = new AppsV1Api(API.client());

		PROVIDER.rotated(true);
		try {
			eventually()
				.untilAsserted(() -> assertThat(templateOf(apps)).containsKey(RestartAnnotations.RESTARTED_FOR));
			String restartedAt = templateOf(apps).get(RestartAnnotations.RESTARTED_AT);
			// the rollout: the new pod is published, and this provider serves v1 to a pod
			// it has not seen, v2 after
			V1Pod next = this.workloads.annotatedPod("restart", "web-5c9d7f8b4-b2", optIn, replicaSet, spc);
			unpublish(volume(pod, 0, spc));
			this.workloads.deletePod(pod);
			publish(next, 0, spc);
			eventually().untilAsserted(
					() -> assertThat(get("/actuator/rotations")).contains("\"result\":\"ALREADY_RESTARTED\""));
			unpublish(volume(next, 0, spc));

			assertThat(templateOf(apps)).containsEntry(RestartAnnotations.RESTARTED_AT, restartedAt);
			assertThat(API.requestCount((request) -> request.method().equals("PATCH")
					&& request.path().equals("/apis/apps/v1/namespaces/restart/deployments/web")))
				.isEqualTo(1);
			assertThat(get("/actuator/rotations")).containsOnlyOnce("\"result\":\"RESTARTED\"");
			assertThat(API.core().listNamespacedEvent("restart").execute().getItems())
				.filteredOn((event) -> "Deployment".equals(event.getInvolvedObject().getKind()))
				.singleElement()
				.satisfies((event) -> assertThat(event.getReason()).isEqualTo("WorkloadRestarted"));
			assertThat(metrics())
				.contains("secrets_store_workload_restarts_total{kind=\"Deployment\",outcome=\"restarted\"} 1.0");
		}
		finally {
			PROVIDER.rotated(false);
		}
	}

	private static Map<String, String> templateOf(AppsV1Api apps) throws ApiException {
		Map<String, String> annotations = apps.readNamespacedDeployment("web", "restart")
			.execute()
			.getSpec()
			.getTemplate()
			.getMetadata()
			.getAnnotations();
		return (annotations != null) ? annotations : Map.of();
	}

	private HttpResponse<String> postRotations(String body, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/rotations"))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String metrics() throws IOException, InterruptedException {
		return get("/metrics");
	}

	private String get(String path) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private static void assertThatNotFound(ApiCall call) {
		assertThatExceptionOfType(ApiException.class).isThrownBy(call::run)
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(404));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> at(Map<String, Object> object, String... keys) {
		Map<String, Object> value = object;
		for (String key : keys) {
			value = (Map<String, Object>) value.get(key);
		}
		return value;
	}

	private static Path writeKubeconfig() {
		try {
			return API.writeKubeConfig(ROOT.resolve("kubeconfig"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static PluginServer servePlugin() {
		try {
			return PluginServer.serve(ROOT.resolve("providers").resolve(E2eProvider.NAME + ".sock"), PROVIDER);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path createRoot() {
		try {
			Path root = Files.createTempDirectory(Path.of("/tmp"), "e2e");
			Files.createDirectories(root.resolve("providers"));
			Files.createDirectories(root.resolve("kubelet"));
			return root;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stops the API server and the provider, and removes the temp folder, once the
	 * context is closed.
	 */
	static class StopAfterTheContext implements AfterAllCallback {

		@Override
		public void afterAll(ExtensionContext context) throws IOException {
			API.close();
			PLUGIN.close();
			try (var paths = Files.walk(ROOT)) {
				paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}

	}

	/**
	 * A call to the API server that may throw.
	 */
	@FunctionalInterface
	private interface ApiCall {

		void run() throws ApiException;

	}

	private record TwoDeployments(V1ReplicaSet first, V1ReplicaSet second, V1Pod pod1, V1Pod pod2, Path target1,
			Path target2) {
	}

}
