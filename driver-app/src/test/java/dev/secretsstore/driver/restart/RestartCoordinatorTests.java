package dev.secretsstore.driver.restart;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import dev.secretsstore.driver.kubernetes.ApiSecretProviderClasses;
import dev.secretsstore.driver.kubernetes.ApiWorkloads;
import dev.secretsstore.driver.kubernetes.NodePods;
import dev.secretsstore.driver.kubernetes.events.PodEvents;
import dev.secretsstore.driver.kubernetes.events.RestartEventRecorder;
import dev.secretsstore.driver.kubernetes.events.RotationEventRecorder;
import dev.secretsstore.driver.model.CustomResources;
import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.rotation.RotationTrigger;
import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.driver.testing.ManualScheduler;
import dev.secretsstore.driver.testing.MutableClock;
import dev.secretsstore.driver.testing.Workloads;
import dev.secretsstore.driver.volume.VersionChange;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restart on rotation as the drivers of several nodes do it, against the API server
 * double over HTTP: each node has its own coordinator, clock and scheduler, and sees the
 * rotations of its own pods only.
 */
class RestartCoordinatorTests {

	private static final String NAMESPACE = "default";

	private static final String SPC = "app-secrets";

	private static final Map<String, String> OPTED_IN = Map.of(RestartOptIn.ANNOTATION, "true");

	private static final RestartProperties PROPERTIES = new RestartProperties(true, Duration.ofSeconds(30),
			Duration.ofMinutes(5), Duration.ofSeconds(30), 3, 100);

	private static final Instant START = Instant.parse("2026-11-28T00:00:00Z");

	private final KubernetesApiDouble api = KubernetesApiDouble.start();

	private final AppsV1Api apps = new AppsV1Api(this.api.client());

	@AfterEach
	void stop() {
		this.api.close();
	}

	@Test
	void threeNodesRotatingThePodsOfOneDeploymentRestartItOnce() throws Exception {
		V1ReplicaSet replicaSet = webReplicaSet(3);
		List<Node> nodes = List.of(new Node("node-a", START), new Node("node-b", START.plusSeconds(2)),
				new Node("node-c", START.plusSeconds(5)));
		for (Node node : nodes) {
			V1Pod pod = node.workloads.annotatedPod(NAMESPACE, "web-" + node.name, OPTED_IN, replicaSet, SPC);
			node.rotate(pod, SPC, new VersionChange("foo", "v1", "v2"));
		}

		// each node's quiet period ends in turn
		for (Node node : nodes) {
			node.scheduler.advance(PROPERTIES.quietPeriod());
		}

		assertThat(templatePatches()).as("one patch, by the first node whose quiet period ended").isEqualTo(1);
		assertThat(nodes.get(0).results()).containsExactly(RestartOutcome.Result.RESTARTED);
		assertThat(nodes.get(1).results()).containsExactly(RestartOutcome.Result.ALREADY_RESTARTED);
		assertThat(nodes.get(2).results()).containsExactly(RestartOutcome.Result.ALREADY_RESTARTED);
		assertThat(templateAnnotations())
			.containsEntry(RestartAnnotations.RESTARTED_FOR, restartedFor(new RotatedObject(SPC, "foo", "v2")))
			.containsEntry(RestartAnnotations.RESTARTED_AT, START.plusSeconds(30).toString());
		String uid = this.apps.readNamespacedDeployment("web", NAMESPACE).execute().getMetadata().getUid();
		assertThat(events("Deployment", "web")).singleElement().satisfies((event) -> {
			assertThat(event.getReason()).isEqualTo("WorkloadRestarted");
			assertThat(event.getType()).isEqualTo("Normal");
			assertThat(event.getInvolvedObject().getApiVersion()).isEqualTo("apps/v1");
			assertThat(event.getInvolvedObject().getUid()).isEqualTo(uid);
			assertThat(event.getMessage()).contains("spc " + SPC, "web-node-a")
				.as("a node names its own pods only")
				.doesNotContain("web-node-b");
		});
		for (Node node : nodes) {
			assertThat(events("Pod", "web-" + node.name)).as("each pod that asked is told")
				.extracting(CoreV1Event::getReason)
				.containsExactly("WorkloadRestarted");
		}
		assertThat(nodes.get(0).meters
			.counter("secrets_store_workload_restarts", "kind", "Deployment", "outcome", "restarted")
			.count()).isEqualTo(1);
		assertThat(nodes.get(1).meters
			.counter("secrets_store_workload_restarts", "kind", "Deployment", "outcome", "already_restarted")
			.count()).isEqualTo(1);
		assertThat(nodes.stream().mapToInt((node) -> node.scheduler.waiting()).sum()).as("nothing left to do").isZero();
	}

	@Test
	void aNodeThatLosesTheRaceBetweenItsReadAndItsPatchFindsTheRestartDone() throws Exception {
		V1ReplicaSet replicaSet = webReplicaSet(2);
		Node b = new Node("node-b", START);
		// node a reads the Deployment, then node b restarts it before node a's patch
		// reaches the API server
		Node a = new Node("node-a", START, (real) -> new RacingWorkloadApi(real, b.scheduler::runDue));
		a.rotate(a.workloads.annotatedPod(NAMESPACE, "web-a", OPTED_IN, replicaSet, SPC), SPC,
				new VersionChange("foo", "v1", "v2"));
		b.rotate(b.workloads.annotatedPod(NAMESPACE, "web-b", OPTED_IN, replicaSet, SPC), SPC,
				new VersionChange("foo", "v1", "v2"));
		b.clock.advance(PROPERTIES.quietPeriod());

		a.scheduler.advance(PROPERTIES.quietPeriod());

		assertThat(b.results()).containsExactly(RestartOutcome.Result.RESTARTED);
		assertThat(a.results()).as("its patch carried the resourceVersion it read: 409, read again, done")
			.containsExactly(RestartOutcome.Result.ALREADY_RESTARTED);
		assertThat(templatePatches()).as("b's patch and a's refused one").isEqualTo(2);
		assertThat(events("Deployment", "web")).hasSize(1);
	}

	@Test
	void rotationsWithinTheQuietPeriodMakeOneRollout() throws Exception {
		V1ReplicaSet replicaSet = webReplicaSet(2);
		Node node = new Node("node-a", START);
		V1Pod first = node.workloads.annotatedPod(NAMESPACE, "web-1", OPTED_IN, replicaSet, SPC);
		V1Pod second = node.workloads.annotatedPod(NAMESPACE, "web-2", OPTED_IN, replicaSet, SPC);
		node.rotate(first, SPC, new VersionChange("foo", "v1", "v2"));
		node.rotate(second, SPC, new VersionChange("foo", "v1", "v2"));
		node.scheduler.advance(Duration.ofSeconds(20));
		node.rotate(first, SPC, new VersionChange("fookey", "k1", "k2"));
		node.scheduler.advance(Duration.ofSeconds(9));
		assertThat(templatePatches()).as("still quiet").isZero();

		node.scheduler.advance(Duration.ofSeconds(1));
		node.scheduler.advance(Duration.ofMinutes(10));

		assertThat(templatePatches()).isEqualTo(1);
		assertThat(templateAnnotations()).containsEntry(RestartAnnotations.RESTARTED_FOR,
				restartedFor(new RotatedObject(SPC, "foo", "v2"), new RotatedObject(SPC, "fookey", "k2")));
		assertThat(node.log.recent()).singleElement().satisfies((outcome) -> {
			assertThat(outcome.pods()).extracting(RestartOutcome.PodRef::name).containsExactly("web-1", "web-2");
			assertThat(outcome.objects()).hasSize(2);
		});
	}

	@Test
	void aBarePodOrAJobsPodIsNeverRestartedAndAWarningSaysSo() throws Exception {
		Node node = new Node("node-a", START);
		V1Pod bare = node.workloads.annotatedPod(NAMESPACE, "bare", OPTED_IN, null, SPC);
		V1Pod ofJob = node.workloads.annotatedPod(NAMESPACE, "pi-x7k2p", OPTED_IN, node.workloads.job(NAMESPACE, "pi"),
				SPC);
		int writesBefore = writes();
		node.rotate(bare, SPC, new VersionChange("foo", "v1", "v2"));
		node.rotate(ofJob, SPC, new VersionChange("foo", "v1", "v2"));
		node.scheduler.advance(Duration.ofMinutes(10));

		assertThat(writes()).as("no patch, no delete").isEqualTo(writesBefore);
		assertThat(this.api.core().readNamespacedPod("bare", NAMESPACE).execute().getMetadata().getUid())
			.isEqualTo(bare.getMetadata().getUid());
		assertThat(events("Pod", "bare")).singleElement().satisfies((event) -> {
			assertThat(event.getType()).isEqualTo("Warning");
			assertThat(event.getReason()).isEqualTo("WorkloadRestartSkipped");
			assertThat(event.getMessage()).contains("no controller", "neither restarted nor deleted");
		});
		assertThat(events("Pod", "pi-x7k2p")).singleElement()
			.satisfies((event) -> assertThat(event.getMessage()).contains("the Job pi"));
		assertThat(node.results()).containsExactly(RestartOutcome.Result.NOT_RESTARTABLE,
				RestartOutcome.Result.NOT_RESTARTABLE);
	}

	@Test
	void anUnchangedPassAFailureOrARotationThatChangedNothingNeverRestarts() throws Exception {
		V1ReplicaSet replicaSet = webReplicaSet(1);
		Node node = new Node("node-a", START);
		V1Pod pod = node.workloads.annotatedPod(NAMESPACE, "web-1", OPTED_IN, replicaSet, SPC);
		int before = this.api.requestCount();

		node.coordinator.onRotation(event(pod, SPC, RotationEvent.Outcome.UNCHANGED, List.of()));
		node.coordinator.onRotation(event(pod, SPC, RotationEvent.Outcome.FAILED, List.of()));
		node.coordinator.onRotation(event(pod, SPC, RotationEvent.Outcome.ROTATED, List.of()));
		node.scheduler.advance(Duration.ofMinutes(10));

		assertThat(node.scheduler.waiting()).isZero();
		assertThat(this.api.requestCount()).as("not even a read").isEqualTo(before);
		assertThat(node.results()).isEmpty();
	}

	@Test
	void onlyOptedInPodsAndClassesRestart() throws Exception {
		V1ReplicaSet replicaSet = webReplicaSet(1);
		Node node = new Node("node-a", START);
		node.rotate(node.workloads.annotatedPod(NAMESPACE, "plain", Map.of(), replicaSet, SPC), SPC,
				new VersionChange("foo", "v1", "v2"));
		node.rotate(node.workloads.annotatedPod(NAMESPACE, "other", Map.of(RestartOptIn.ANNOTATION, "db-creds, tls"),
				replicaSet, SPC), SPC, new VersionChange("foo", "v1", "v2"));
		node.rotate(node.workloads.annotatedPod(NAMESPACE, "out", Map.of(RestartOptIn.ANNOTATION, "false"), replicaSet,
				"everyone"), "everyone", new VersionChange("foo", "v1", "v2"));
		node.scheduler.advance(Duration.ofMinutes(1));
		assertThat(templatePatches()).isZero();

		this.api
			.create(NAMESPACE, CustomResources.SECRET_PROVIDER_CLASSES,
					Map.of("apiVersion", CustomResources.GROUP + "/v1", "kind", "SecretProviderClass", "metadata",
							Map.of("name", "everyone", "namespace", NAMESPACE, "annotations",
									Map.of(RestartOptIn.ANNOTATION, "true")),
							"spec", Map.of("provider", "e2e-provider")));
		node.rotate(node.workloads.annotatedPod(NAMESPACE, "named", Map.of(RestartOptIn.ANNOTATION, "db-creds," + SPC),
				replicaSet, SPC), SPC, new VersionChange("foo", "v1", "v2"));
		node.rotate(node.workloads.annotatedPod(NAMESPACE, "by-class", Map.of(), replicaSet, "everyone"), "everyone",
				new VersionChange("bar", "v1", "v2"));
		node.rotate(node.workloads.annotatedPod(NAMESPACE, "opted-out", Map.of(RestartOptIn.ANNOTATION, "false"),
				replicaSet, "everyone"), "everyone", new VersionChange("baz", "v1", "v2"));
		node.scheduler.advance(PROPERTIES.quietPeriod());

		assertThat(templatePatches()).isEqualTo(1);
		assertThat(node.log.recent()).singleElement()
			.satisfies((outcome) -> assertThat(outcome.pods()).extracting(RestartOutcome.PodRef::name)
				.containsExactly("named", "by-class"));
	}

	@Test
	void aRolloutInProgressDefersTheRestartUntilItIsComplete() throws Exception {
		V1ReplicaSet replicaSet = webReplicaSet(3);
		setStatus(Map.of("replicas", 3, "updatedReplicas", 1, "availableReplicas", 3));
		Node node = new Node("node-a", START);
		node.rotate(node.workloads.annotatedPod(NAMESPACE, "web-1", OPTED_IN, replicaSet, SPC), SPC,
				new VersionChange("foo", "v1", "v2"));

		node.scheduler.advance(PROPERTIES.quietPeriod());
		node.scheduler.advance(PROPERTIES.retryInterval());
		assertThat(templatePatches()).isZero();
		assertThat(node.results()).isEmpty();

		setStatus(Map.of("replicas", 3, "updatedReplicas", 3, "availableReplicas", 3));
		node.scheduler.advance(PROPERTIES.retryInterval());

		assertThat(templatePatches()).isEqualTo(1);
		assertThat(node.results()).containsExactly(RestartOutcome.Result.RESTARTED);
	}

	@Test
	void aRolloutThatNeverCompletesEndsTheWaitWithAWarning() throws Exception {
		V1ReplicaSet replicaSet = webReplicaSet(3);
		setStatus(Map.of("replicas", 3, "updatedReplicas", 3, "availableReplicas", 2));
		Node node = new Node("node-a", START);
		node.rotate(node.workloads.annotatedPod(NAMESPACE, "web-1", OPTED_IN, replicaSet, SPC), SPC,
				new VersionChange("foo", "v1", "v2"));

		node.scheduler.advance(PROPERTIES.quietPeriod());
		for (int retry = 0; retry < PROPERTIES.retries(); retry++) {
			assertThat(node.results()).isEmpty();
			node.scheduler.advance(PROPERTIES.retryInterval());
		}

		assertThat(templatePatches()).isZero();
		assertThat(node.results()).containsExactly(RestartOutcome.Result.GAVE_UP);
		assertThat(node.scheduler.waiting()).isZero();
		assertThat(events("Deployment", "web")).singleElement().satisfies((event) -> {
			assertThat(event.getType()).isEqualTo("Warning");
			assertThat(event.getMessage()).contains("2 of 3 replicas available");
		});
	}

	@Test
	void theMinimumPeriodHoldsAcrossRotations() throws Exception {
		V1ReplicaSet replicaSet = webReplicaSet(1);
		Node node = new Node("node-a", START);
		V1Pod pod = node.workloads.annotatedPod(NAMESPACE, "web-1", OPTED_IN, replicaSet, SPC);
		node.rotate(pod, SPC, new VersionChange("foo", "v1", "v2"));
		node.scheduler.advance(PROPERTIES.quietPeriod());
		assertThat(templatePatches()).isEqualTo(1);
		Instant restarted = node.clock.instant();
		rolloutCompleted();

		node.scheduler.advance(Duration.ofMinutes(1));
		node.rotate(pod, SPC, new VersionChange("foo", "v2", "v3"));
		node.scheduler.advance(PROPERTIES.quietPeriod());
		node.scheduler
			.advance(Duration.between(node.clock.instant(), restarted.plus(PROPERTIES.minPeriod()).minusSeconds(1)));
		assertThat(templatePatches()).as("a second before the minimum period ends").isEqualTo(1);

		node.scheduler.advance(Duration.ofSeconds(1));

		assertThat(templatePatches()).isEqualTo(2);
		assertThat(templateAnnotations())
			.containsEntry(RestartAnnotations.RESTARTED_AT, restarted.plus(PROPERTIES.minPeriod()).toString())
			.containsEntry(RestartAnnotations.RESTARTED_FOR, restartedFor(new RotatedObject(SPC, "foo", "v3")));
	}

	private V1ReplicaSet webReplicaSet(int replicas) throws ApiException {
		Workloads workloads = new Workloads(this.api, "node-a");
		return workloads.replicaSet(workloads.deployment(NAMESPACE, "web", replicas));
	}

	// as the Deployment controller reports its rollout: a replace, so that
	// templatePatches counts the driver's only
	private void setStatus(Map<String, Integer> status) throws ApiException {
		V1Deployment deployment = this.apps.readNamespacedDeployment("web", NAMESPACE).execute();
		deployment.getStatus()
			.observedGeneration(deployment.getMetadata().getGeneration())
			.replicas(status.get("replicas"))
			.updatedReplicas(status.get("updatedReplicas"))
			.availableReplicas(status.get("availableReplicas"));
		this.apps.replaceNamespacedDeployment("web", NAMESPACE, deployment).execute();
	}

	// as the Deployment controller reports a rollout it finished
	private void rolloutCompleted() throws ApiException {
		setStatus(Map.of("replicas", 1, "updatedReplicas", 1, "availableReplicas", 1));
	}

	private int writes() {
		return this.api
			.requestCount((request) -> !request.method().equals("GET") && !request.path().contains("/events"));
	}

	private int templatePatches() {
		return this.api.requestCount((request) -> request.method().equals("PATCH")
				&& request.path().equals("/apis/apps/v1/namespaces/default/deployments/web"));
	}

	private Map<String, String> templateAnnotations() throws ApiException {
		return this.apps.readNamespacedDeployment("web", NAMESPACE)
			.execute()
			.getSpec()
			.getTemplate()
			.getMetadata()
			.getAnnotations();
	}

	private List<CoreV1Event> events(String kind, String name) throws ApiException {
		return this.api.core()
			.listNamespacedEvent(NAMESPACE)
			.execute()
			.getItems()
			.stream()
			.filter((event) -> kind.equals(event.getInvolvedObject().getKind())
					&& name.equals(event.getInvolvedObject().getName()))
			.toList();
	}

	private static String restartedFor(RotatedObject... objects) {
		return RestartAnnotations.restartedFor(new TreeSet<>(List.of(objects)));
	}

	private static RotationEvent event(V1Pod pod, String spc, RotationEvent.Outcome outcome,
			List<VersionChange> changes) {
		return new RotationEvent(Instant.now(), NAMESPACE, pod.getMetadata().getName(), pod.getMetadata().getUid(), spc,
				"e2e-provider",
				"/var/lib/kubelet/pods/" + pod.getMetadata().getUid()
						+ "/volumes/kubernetes.io~csi/secrets-store-inline-0/mount",
				RotationTrigger.SCHEDULED, outcome, changes, null, null, Duration.ofMillis(5));
	}

	/**
	 * One node's driver: its own clock and scheduler, the shared API server.
	 */
	private final class Node {

		final String name;

		final MutableClock clock;

		final ManualScheduler scheduler;

		final Workloads workloads;

		final RestartLog log = new RestartLog(100);

		final SimpleMeterRegistry meters = new SimpleMeterRegistry();

		final RestartCoordinator coordinator;

		Node(String name, Instant now) {
			this(name, now, (api) -> api);
		}

		Node(String name, Instant now, UnaryOperator<WorkloadApi> wrap) {
			this.name = name;
			this.clock = new MutableClock(now);
			this.scheduler = new ManualScheduler(this.clock);
			this.workloads = new Workloads(RestartCoordinatorTests.this.api, name);
			KubernetesApiDouble api = RestartCoordinatorTests.this.api;
			WorkloadApi workloadApi = wrap.apply(new ApiWorkloads(NodePods.watching(api.client(), api.core(), name),
					new AppsV1Api(api.client()), new ApiSecretProviderClasses(api.customObjects())));
			PodEvents events = new PodEvents(api.core(), RotationEventRecorder.COMPONENT, this.clock);
			this.coordinator = new RestartCoordinator(workloadApi, this.scheduler, this.clock, PROPERTIES,
					List.of(this.log, new RestartEventRecorder(events)), this.meters);
		}

		void rotate(V1Pod pod, String spc, VersionChange... changes) {
			this.coordinator.onRotation(event(pod, spc, RotationEvent.Outcome.ROTATED, List.of(changes)));
			this.scheduler.runDue();
		}

		List<RestartOutcome.Result> results() {
			List<RestartOutcome.Result> results = new ArrayList<>();
			this.log.recent().forEach((outcome) -> results.add(0, outcome.result()));
			return results;
		}

	}

	/**
	 * Lets another node act between this node's read and its first patch, as a real race
	 * would.
	 */
	private record RacingWorkloadApi(WorkloadApi real, Runnable meanwhile) implements WorkloadApi {

		@Override
		public Optional<RotatedPod> pod(RotationEvent rotation) {
			return this.real.pod(rotation);
		}

		@Override
		public RotatedPod.Owner ownerOf(RotatedPod pod) {
			return this.real.ownerOf(pod);
		}

		@Override
		public boolean secretProviderClassOptsIn(String namespace, String name) {
			return this.real.secretProviderClassOptsIn(namespace, name);
		}

		@Override
		public Optional<WorkloadState> read(Workload workload) {
			return this.real.read(workload);
		}

		@Override
		public Patch annotateTemplate(Workload workload, String resourceVersion, Map<String, String> annotations) {
			this.meanwhile.run();
			return this.real.annotateTemplate(workload, resourceVersion, annotations);
		}

	}

}
