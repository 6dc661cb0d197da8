package dev.secretsstore.driver.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.secretsstore.driver.model.CustomResources;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.V1BoundObjectReference;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Preconditions;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.ListOptions;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

class KubernetesApiDoubleTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String NODE_LABEL = "internal.secrets-store.csi.k8s.io/node-name";

	private final KubernetesApiDouble server = KubernetesApiDouble.start();

	private final SharedInformerFactory informers = new SharedInformerFactory(this.server.client());

	private final GenericKubernetesApi<V1Pod, V1PodList> pods = new GenericKubernetesApi<>(V1Pod.class, V1PodList.class,
			"", "v1", "pods", this.server.client());

	private final GenericKubernetesApi<V1Secret, V1SecretList> secrets = new GenericKubernetesApi<>(V1Secret.class,
			V1SecretList.class, "", "v1", "secrets", this.server.client());

	@AfterEach
	void stop() {
		this.informers.stopAllRegisteredInformers();
		this.server.close();
	}

	@Test
	void aPodInformerOnItsNodeSyncsAndThenFollowsTheWatchWithoutListingAgain() throws Exception {
		this.server.create(pod("apps", "web-0", "node-a"));
		this.server.create(pod("apps", "web-1", "node-b"));
		SharedIndexInformer<V1Pod> informer = this.informers
			.sharedIndexInformerFor(listerWatcher(this.pods, null, "spec.nodeName=node-a"), V1Pod.class, 0);
		List<String> seen = events(informer);
		this.informers.startAllRegisteredInformers();
		await().atMost(Duration.ofSeconds(10)).until(informer::hasSynced);

		this.server.create(pod("jobs", "batch-0", "node-a"));
		this.server.create(pod("apps", "web-2", "node-b"));
		this.pods
			.patch("jobs", "batch-0", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
					new V1Patch("{\"metadata\":{\"labels\":{\"rev\":\"2\"}}}"))
			.throwsApiException();
		this.pods.delete("apps", "web-0").throwsApiException();

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(seen).containsExactly("ADDED web-0", "ADDED batch-0", "MODIFIED batch-0",
					"DELETED web-0"));
		assertThat(informer.getIndexer().list()).extracting((pod) -> pod.getMetadata().getName())
			.containsExactly("batch-0");
		assertThat(informer.getIndexer().list().get(0).getMetadata().getLabels()).containsEntry("rev", "2");
		assertThat(this.server.requestCount((request) -> request.isList("/api/v1/pods"))).isOne();
		assertThat(this.server.requestCount(ApiRequest::isWatch)).isOne();
	}

	@Test
	void anIdleInformerMakesNoRequestBeyondItsOpenWatch() {
		this.server.create(pod("apps", "web-0", "node-a"));
		SharedIndexInformer<V1Pod> informer = this.informers
			.sharedIndexInformerFor(listerWatcher(this.pods, null, "spec.nodeName=node-a"), V1Pod.class, 0);
		this.informers.startAllRegisteredInformers();
		await().atMost(Duration.ofSeconds(10)).until(informer::hasSynced);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.requestCount(ApiRequest::isWatch) == 1);
		int requests = this.server.requestCount();

		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(4))
			.until(() -> this.server.requestCount() == requests);
		assertThat(this.server.requestCount((request) -> !request.isWatch())).isOne();
	}

	@Test
	void aCustomResourceInformerWithALabelSelectorSeesObjectsEnterAndLeaveItsSelection() throws Exception {
		this.server.create("apps", CustomResources.POD_STATUSES, podStatus("web-0-apps-db", "node-a"));
		this.server.create("jobs", CustomResources.POD_STATUSES, podStatus("batch-0-jobs-db", "node-b"));
		DynamicKubernetesApi statuses = new DynamicKubernetesApi(CustomResources.GROUP, CustomResources.VERSION,
				CustomResources.POD_STATUSES, this.server.client());
		SharedIndexInformer<DynamicKubernetesObject> informer = this.informers.sharedIndexInformerFor(
				listerWatcher(statuses, NODE_LABEL + "=node-a", null), DynamicKubernetesObject.class, 0);
		List<String> seen = events(informer);
		this.informers.startAllRegisteredInformers();
		await().atMost(Duration.ofSeconds(10)).until(informer::hasSynced);

		this.server.create("jobs", CustomResources.POD_STATUSES, podStatus("batch-1-jobs-db", "node-a"));
		statuses.patch("apps", "web-0-apps-db", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, nodeLabel("node-b"))
			.throwsApiException();
		statuses.patch("jobs", "batch-0-jobs-db", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, nodeLabel("node-a"))
			.throwsApiException();
		statuses.delete("jobs", "batch-1-jobs-db").throwsApiException();

		// a relabelled object leaves and enters the selection as the API server's watch
		// cache reports it
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(seen).containsExactly("ADDED web-0-apps-db", "ADDED batch-1-jobs-db",
					"DELETED web-0-apps-db", "ADDED batch-0-jobs-db", "DELETED batch-1-jobs-db"));
		assertThat(informer.getIndexer().list()).extracting((status) -> status.getMetadata().getName())
			.containsExactly("batch-0-jobs-db");
		assertThat(this.server.requestCount(
				(request) -> request.isList("/apis/secrets-store.csi.x-k8s.io/v1/secretproviderclasspodstatuses")))
			.isOne();
		assertThat(this.server.requestCount(ApiRequest::isWatch)).isOne();
	}

	@Test
	void aWatchFromAListsResourceVersionReplaysEveryLaterChangeAndEndsAtItsTimeout() throws Exception {
		this.server.create(secret("apps", "a"));
		String listed = this.server.core().listNamespacedSecret("apps").execute().getMetadata().getResourceVersion();
		this.server.create(secret("apps", "b"));
		this.secrets
			.patch("apps", "a", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, new V1Patch("{\"data\":{\"k\":\"Yg==\"}}"))
			.throwsApiException();
		this.secrets.delete("apps", "b").throwsApiException();

		long started = System.nanoTime();
		List<Watch.Response<V1Secret>> events = drain(
				this.secrets.watch("apps", new ListOptions().resourceVersion(listed).timeoutSeconds(1)));

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900),
				Duration.ofSeconds(5));
		assertThat(events).extracting((event) -> event.type + " " + event.object.getMetadata().getName())
			.containsExactly("ADDED b", "MODIFIED a", "DELETED b");
		List<Long> versions = events.stream()
			.map((event) -> Long.parseLong(event.object.getMetadata().getResourceVersion()))
			.toList();
		assertThat(versions).isSorted()
			.doesNotHaveDuplicates()
			.allSatisfy((version) -> assertThat(version).isGreaterThan(Long.parseLong(listed)));
		// the deletion has a resourceVersion of its own, and a list made now is at it
		assertThat(this.server.core().listNamespacedSecret("apps").execute().getMetadata().getResourceVersion())
			.isEqualTo(String.valueOf(versions.get(2)));
	}

	@Test
	void deletingAnObjectWithFinalizersMarksItAndAWatchSeesItModified() throws Exception {
		this.server.create(secret("apps", "s").metadata(meta("apps", "s").addFinalizersItem("example.com/keep")));
		String listed = this.server.core().listNamespacedSecret("apps").execute().getMetadata().getResourceVersion();

		V1Secret answered = this.secrets.delete("apps", "s").throwsApiException().getObject();

		assertThat(answered.getMetadata().getDeletionTimestamp()).isNotNull();
		assertThat(drain(this.secrets.watch("apps", new ListOptions().resourceVersion(listed).timeoutSeconds(1))))
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.type).isEqualTo("MODIFIED");
				assertThat(event.object.getMetadata().getDeletionTimestamp()).isNotNull();
			});
		assertThat(this.server.core().readNamespacedSecret("s", "apps").execute().getMetadata().getFinalizers())
			.containsExactly("example.com/keep");
	}

	@Test
	void aWatchWithoutResourceVersionStartsWithTheSelectedObjectsOfItsNamespace() throws Exception {
		this.server.create(pod("apps", "web-0", "node-a").metadata(meta("apps", "web-0", "app", "web")));
		this.server.create(pod("apps", "db-0", "node-a").metadata(meta("apps", "db-0", "app", "db")));
		this.server.create(pod("jobs", "web-9", "node-a").metadata(meta("jobs", "web-9", "app", "web")));

		Watchable<V1Pod> watch = this.pods.watch("apps",
				new ListOptions().labelSelector("app in (web, api),!legacy").timeoutSeconds(1));
		this.server.create(pod("apps", "web-1", "node-a").metadata(meta("apps", "web-1", "app", "web")));
		this.server.create(pod("apps", "web-2", "node-a").metadata(meta("apps", "web-2", "app", "web", "legacy", "")));
		this.server.create(pod("jobs", "api-0", "node-a").metadata(meta("jobs", "api-0", "app", "api")));

		assertThat(drain(watch)).extracting((event) -> event.type + " " + event.object.getMetadata().getName())
			.containsExactly("ADDED web-0", "ADDED web-1");
	}

	@Test
	void closingTheDoubleEndsItsOpenWatches() throws Exception {
		Watchable<V1Pod> watch = this.pods.watch(new ListOptions());
		CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> {
			try {
				return watch.hasNext();
			}
			catch (RuntimeException ex) {
				return false;
			}
		});

		this.server.close();

		assertThat(next.get(5, TimeUnit.SECONDS)).isFalse();
	}

	@Test
	void aFieldSelectorOnSpecNodeNameSelectsThePodsOfANode() throws Exception {
		this.server.create(pod("apps", "web-0", "node-a"));
		this.server.create(pod("jobs", "batch-0", "node-a"));
		this.server.create(pod("apps", "web-1", "node-b"));
		this.server.create(pod("apps", "pending-0", null));

		assertThat(podNames("spec.nodeName=node-a")).containsExactlyInAnyOrder("web-0", "batch-0");
		assertThat(podNames("spec.nodeName==node-b")).containsExactly("web-1");
		assertThat(podNames("spec.nodeName=")).containsExactly("pending-0");
		assertThat(podNames("spec.nodeName!=node-a,metadata.namespace=apps")).containsExactlyInAnyOrder("web-1",
				"pending-0");
	}

	@Test
	void aFieldTheResourceDoesNotOfferIsRefusedWith400() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.server.core().listPodForAllNamespaces().fieldSelector("spec.hostname=a").execute())
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(400);
				assertThat(status(ex.getResponseBody())).containsEntry("reason", "BadRequest")
					.containsEntry("message", "field label not supported: spec.hostname");
			});
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.pods.watch(new ListOptions().fieldSelector("spec.hostname=a")))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(400));
	}

	@Test
	void aLabelSelectorOnAListUsesEqualityAndSetRequirements() throws Exception {
		this.server.create(pod("apps", "web-0", "node-a").metadata(meta("apps", "web-0", "app", "web", "tier", "1")));
		this.server.create(pod("apps", "web-1", "node-a").metadata(meta("apps", "web-1", "app", "web")));
		this.server.create(pod("apps", "db-0", "node-a").metadata(meta("apps", "db-0", "app", "db", "tier", "2")));

		assertThat(podNamesWithLabels("app=web")).containsExactlyInAnyOrder("web-0", "web-1");
		assertThat(podNamesWithLabels("app!=web")).containsExactly("db-0");
		assertThat(podNamesWithLabels("tier")).containsExactlyInAnyOrder("web-0", "db-0");
		assertThat(podNamesWithLabels("!tier")).containsExactly("web-1");
		assertThat(podNamesWithLabels("tier notin (2),app in (web,db)")).containsExactlyInAnyOrder("web-0", "web-1");
	}

	@Test
	void aJsonMergePatchRemovesKeysSetToNullReplacesArraysAndAnswers200() throws Exception {
		this.server.create(secret("apps", "s").data(Map.of("k", bytes("a"), "gone", bytes("b"))));
		this.server.create("apps", CustomResources.SECRET_PROVIDER_CLASSES,
				Map.of("apiVersion", "secrets-store.csi.x-k8s.io/v1", "kind", "SecretProviderClass", "metadata",
						Map.of("name", "db"), "spec", Map.of("provider", "vault", "secretObjects",
								List.of(Map.of("secretName", "one"), Map.of("secretName", "two")))));

		HttpResponse<String> secret = send("PATCH", "/api/v1/namespaces/apps/secrets/s", "application/merge-patch+json",
				"{\"data\":{\"gone\":null}}");
		HttpResponse<String> spc = send("PATCH",
				"/apis/secrets-store.csi.x-k8s.io/v1/namespaces/apps/secretproviderclasses/db",
				"application/merge-patch+json", "{\"spec\":{\"secretObjects\":[{\"secretName\":\"three\"}]}}");

		assertThat(secret.statusCode()).isEqualTo(200);
		assertThat(this.server.core().readNamespacedSecret("s", "apps").execute().getData()).containsOnlyKeys("k");
		assertThat(spc.statusCode()).isEqualTo(200);
		assertThat(this.server.get("apps", CustomResources.SECRET_PROVIDER_CLASSES, "db").get("spec"))
			.isEqualTo(Map.of("provider", "vault", "secretObjects", List.of(Map.of("secretName", "three"))));
	}

	@Test
	void aJsonPatchAnswers200() throws Exception {
		this.server.create(secret("apps", "s").data(Map.of("k", bytes("a"))));

		HttpResponse<String> patched = send("PATCH", "/api/v1/namespaces/apps/secrets/s", "application/json-patch+json",
				"[{\"op\":\"remove\",\"path\":\"/data/k\"}]");

		assertThat(patched.statusCode()).isEqualTo(200);
		assertThat(this.server.core().readNamespacedSecret("s", "apps").execute().getData()).isNullOrEmpty();
	}

	@Test
	void aPutWithAStaleResourceVersionIsAConflict() throws Exception {
		V1Secret read = this.server.create(secret("apps", "s"));
		this.server.core().replaceNamespacedSecret("s", "apps", read.data(Map.of("k", bytes("new")))).execute();

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.server.core()
				.replaceNamespacedSecret("s", "apps", read.data(Map.of("k", bytes("stale"))))
				.execute())
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(409);
				assertThat(status(ex.getResponseBody())).containsEntry("kind", "Status")
					.containsEntry("reason", "Conflict")
					.containsEntry("message", "Operation cannot be fulfilled on secrets \"s\": the object has been "
							+ "modified; please apply your changes to the latest version and try again");
			});
		assertThat(this.server.core().readNamespacedSecret("s", "apps").execute().getData().get("k"))
			.isEqualTo(bytes("new"));
	}

	@Test
	void aMissingObjectIsNotFoundAndAnExistingOneCannotBeCreatedAgain() throws Exception {
		this.server.create(secret("apps", "s"));

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.server.customObjects()
				.getNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, "apps",
						CustomResources.SECRET_PROVIDER_CLASSES, "db")
				.execute())
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(404);
				assertThat(status(ex.getResponseBody())).containsEntry("reason", "NotFound")
					.containsEntry("message", "secretproviderclasses.secrets-store.csi.x-k8s.io \"db\" not found");
			});
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.server.core().createNamespacedSecret("apps", secret("apps", "s")).execute())
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(409);
				assertThat(status(ex.getResponseBody())).containsEntry("reason", "AlreadyExists")
					.containsEntry("message", "secrets \"s\" already exists");
			});
	}

	@Test
	void aSubresourceTheDoubleDoesNotServeIsNotFoundInsteadOfActingOnItsObject() throws Exception {
		this.server.create(secret("apps", "s"));
		this.server.create(pod("apps", "web-0", "node-a"));

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.server.core().readNamespacedPodStatus("web-0", "apps").execute())
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(404));
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.server.customObjects()
				.getNamespacedCustomObjectStatus(CustomResources.GROUP, CustomResources.VERSION, "apps",
						CustomResources.POD_STATUSES, "web-0-apps-db")
				.execute())
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(404));
		assertThat(this.server.core().readNamespacedSecret("s", "apps").execute().getMetadata().getName())
			.isEqualTo("s");
	}

	@Test
	void aSecretsTypeDefaultsToOpaqueAndCannotChange() throws Exception {
		V1Secret created = this.server.create(secret("apps", "s"));
		assertThat(created.getType()).isEqualTo("Opaque");

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.server.core()
				.replaceNamespacedSecret("s", "apps", created.type("kubernetes.io/tls"))
				.execute())
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(422);
				assertThat(status(ex.getResponseBody())).containsEntry("reason", "Invalid")
					.containsEntry("message",
							"Secret \"s\" is invalid: type: Invalid value: \"kubernetes.io/tls\": field is immutable");
			});
		assertThat(this.server.core().readNamespacedSecret("s", "apps").execute().getType()).isEqualTo("Opaque");
	}

	@Test
	void aFailingNamespaceAnswersEveryRequestWithItsStatus() throws Exception {
		this.server.create(secret("broken", "s"));
		this.server.failNamespace("broken", 500, "etcd is down");
		this.server.failNamespace("locked", 403, "secrets is forbidden");

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.server.core().readNamespacedSecret("s", "broken").execute())
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(500);
				assertThat(status(ex.getResponseBody())).containsEntry("reason", "InternalError")
					.containsEntry("message", "etcd is down");
			});
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.secrets.watch("broken", new ListOptions()))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(500));
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.server.core().createNamespacedSecret("locked", secret("locked", "s")).execute())
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(403);
				assertThat(status(ex.getResponseBody())).containsEntry("reason", "Forbidden");
			});
		assertThat(this.server.core().listNamespacedSecret("apps").execute().getItems()).isEmpty();
	}

	@Test
	void conflictOnNextPutFailsOnlyTheNextPut() throws Exception {
		V1Secret created = this.server.create(secret("apps", "s"));

		this.server.conflictOnNextPut();

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.server.core().replaceNamespacedSecret("s", "apps", created).execute())
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(409));
		assertThat(this.server.core()
			.replaceNamespacedSecret("s", "apps", created)
			.execute()
			.getMetadata()
			.getResourceVersion()).isNotEqualTo(created.getMetadata().getResourceVersion());
	}

	@Test
	void requestsAreRecordedWithTheirDecodedQueryButSeedingIsNot() throws Exception {
		this.server.create(pod("apps", "web-0", "node-a"));

		this.server.core().listNamespacedPod("apps").labelSelector("app in (web)").execute();
		drain(this.pods.watch("apps", new ListOptions().timeoutSeconds(1)));

		assertThat(this.server.requests()).extracting(ApiRequest::method, ApiRequest::path, ApiRequest::isWatch)
			.containsExactly(tuple("GET", "/api/v1/namespaces/apps/pods", false),
					tuple("GET", "/api/v1/namespaces/apps/pods", true));
		assertThat(this.server.requests().get(0).query()).containsEntry("labelSelector", "app in (web)");
		assertThat(this.server.requestCount((request) -> !request.isWatch())).isOne();
	}

	@Test
	void deletingAnOwnerDropsItFromItsDependentsAndDeletesThoseLeftWithoutOwnersAsTheGarbageCollectorDoes()
			throws Exception {
		V1ReplicaSet first = createReplicaSet("apps", "web-1");
		V1ReplicaSet second = createReplicaSet("apps", "web-2");
		V1Pod pod = this.server.create(pod("apps", "web-1-x", "node-a")
			.metadata(meta("apps", "web-1-x").addOwnerReferencesItem(ownerOf(first))));
		this.server.create(secret("apps", "shared").metadata(
				meta("apps", "shared").addOwnerReferencesItem(ownerOf(first)).addOwnerReferencesItem(ownerOf(second))));
		this.server.create("apps", CustomResources.POD_STATUSES,
				Map.of("apiVersion", "secrets-store.csi.x-k8s.io/v1", "kind", "SecretProviderClassPodStatus",
						"metadata", Map.of("name", "web-1-x-apps-db", "ownerReferences", List.of(Map.of("apiVersion",
								"v1", "kind", "Pod", "name", "web-1-x", "uid", pod.getMetadata().getUid())))));
		this.server.create(secret("apps", "unrelated"));
		String listed = this.server.core().listNamespacedSecret("apps").execute().getMetadata().getResourceVersion();

		replicaSets().deleteNamespacedReplicaSet("web-1", "apps").execute();

		// the pod went with its ReplicaSet, and its status with it; the shared Secret
		// keeps its other owner
		assertThat(this.server.core().listNamespacedPod("apps").execute().getItems()).isEmpty();
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.server.get("apps", CustomResources.POD_STATUSES, "web-1-x-apps-db"))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(404));
		assertThat(
				this.server.core().readNamespacedSecret("shared", "apps").execute().getMetadata().getOwnerReferences())
			.extracting(V1OwnerReference::getName)
			.containsExactly("web-2");
		assertThat(drain(this.secrets.watch("apps", new ListOptions().resourceVersion(listed).timeoutSeconds(1))))
			.extracting((event) -> event.type + " " + event.object.getMetadata().getName())
			.containsExactly("MODIFIED shared");

		replicaSets().deleteNamespacedReplicaSet("web-2", "apps").execute();

		assertThat(this.server.core().listNamespacedSecret("apps").execute().getItems())
			.extracting((secret) -> secret.getMetadata().getName())
			.containsExactly("unrelated");
	}

	@Test
	void aHeldBackGarbageCollectorCollectsWhenReleased() throws Exception {
		V1ReplicaSet owner = createReplicaSet("apps", "web-1");
		this.server.create(secret("apps", "s").metadata(meta("apps", "s").addOwnerReferencesItem(ownerOf(owner))));

		this.server.holdGarbageCollection();
		replicaSets().deleteNamespacedReplicaSet("web-1", "apps").execute();

		assertThat(this.server.core().readNamespacedSecret("s", "apps").execute().getMetadata().getOwnerReferences())
			.hasSize(1);
		this.server.releaseGarbageCollection();
		assertThat(this.server.core().listNamespacedSecret("apps").execute().getItems()).isEmpty();
	}

	@Test
	void anObjectWithFinalizersKeepsItsDependentsUntilItIsGone() throws Exception {
		V1ReplicaSet owner = createReplicaSet("apps", "web-1");
		replicaSets()
			.replaceNamespacedReplicaSet("web-1", "apps",
					owner.metadata(owner.getMetadata().addFinalizersItem("example.com/keep")))
			.execute();
		this.server.create(secret("apps", "s").metadata(meta("apps", "s").addOwnerReferencesItem(ownerOf(owner))));

		replicaSets().deleteNamespacedReplicaSet("web-1", "apps").execute();

		assertThat(this.server.core().readNamespacedSecret("s", "apps").execute().getMetadata().getOwnerReferences())
			.hasSize(1);
	}

	@Test
	void aDeleteWhosePreconditionsFailIsAConflict() throws Exception {
		V1Secret created = this.server.create(secret("apps", "s"));

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.server.core()
				.deleteNamespacedSecret("s", "apps")
				.body(new V1DeleteOptions().preconditions(new V1Preconditions().uid("another-uid")))
				.execute())
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(409);
				assertThat(status(ex.getResponseBody())).containsEntry("reason", "Conflict")
					.containsEntry("message",
							"Operation cannot be fulfilled on secrets \"s\": Precondition failed: "
									+ "UID in precondition: another-uid, UID in object meta: "
									+ created.getMetadata().getUid());
			});
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.server.core()
				.deleteNamespacedSecret("s", "apps")
				.body(new V1DeleteOptions().preconditions(new V1Preconditions().resourceVersion("999")))
				.execute())
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(409));
		this.server.core()
			.deleteNamespacedSecret("s", "apps")
			.body(new V1DeleteOptions().preconditions(new V1Preconditions().uid(created.getMetadata().getUid())
				.resourceVersion(created.getMetadata().getResourceVersion())))
			.execute();
		assertThat(this.server.core().listNamespacedSecret("apps").execute().getItems()).isEmpty();
	}

	@Test
	void aSecretProviderClassCreatedAtV1alpha1IsServedAtV1AsTheApiServerConvertsBetweenServedVersions()
			throws Exception {
		String listed = String.valueOf(Long
			.parseLong(this.server.core().listNamespacedSecret("apps").execute().getMetadata().getResourceVersion()));
		this.server.customObjects()
			.createNamespacedCustomObject(CustomResources.GROUP, "v1alpha1", "apps",
					CustomResources.SECRET_PROVIDER_CLASSES,
					Map.of("apiVersion", "secrets-store.csi.x-k8s.io/v1alpha1", "kind", "SecretProviderClass",
							"metadata", Map.of("name", "db"), "spec", Map.of("provider", "vault")))
			.execute();

		assertThat(this.server.get("apps", CustomResources.SECRET_PROVIDER_CLASSES, "db"))
			.containsEntry("apiVersion", "secrets-store.csi.x-k8s.io/v1")
			.containsEntry("spec", Map.of("provider", "vault"));
		assertThat(this.server.customObjects()
			.getNamespacedCustomObject(CustomResources.GROUP, "v1alpha1", "apps",
					CustomResources.SECRET_PROVIDER_CLASSES, "db")
			.execute()).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("apiVersion", "secrets-store.csi.x-k8s.io/v1alpha1");
		DynamicKubernetesApi v1 = new DynamicKubernetesApi(CustomResources.GROUP, CustomResources.VERSION,
				CustomResources.SECRET_PROVIDER_CLASSES, this.server.client());
		assertThat(drain(v1.watch("apps", new ListOptions().resourceVersion(listed).timeoutSeconds(1))))
			.extracting((event) -> event.type + " " + event.object.getApiVersion())
			.containsExactly("ADDED secrets-store.csi.x-k8s.io/v1");
		DynamicKubernetesApi v1alpha1 = new DynamicKubernetesApi(CustomResources.GROUP, "v1alpha1",
				CustomResources.SECRET_PROVIDER_CLASSES, this.server.client());
		assertThat(v1alpha1.list("apps").throwsApiException().getObject().getItems())
			.extracting(DynamicKubernetesObject::getApiVersion)
			.containsExactly("secrets-store.csi.x-k8s.io/v1alpha1");
	}

	@Test
	void aTokenRequestIsAnsweredWithAJwtOfTheServiceAccountForTheApiServersAudienceAndAnHourByDefault()
			throws Exception {
		this.server.create(serviceAccount("apps", "web"));
		Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

		AuthenticationV1TokenRequest answer = this.server.core()
			.createNamespacedServiceAccountToken("web", "apps", tokenRequest(new V1TokenRequestSpec()))
			.execute();

		assertThat(answer.getMetadata().getNamespace()).isEqualTo("apps");
		assertThat(answer.getMetadata().getName()).isEqualTo("web");
		assertThat(answer.getSpec().getAudiences()).containsExactly("https://kubernetes.default.svc.cluster.local");
		Instant expiry = answer.getStatus().getExpirationTimestamp().toInstant();
		assertThat(expiry).isBetween(before.plus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1)));
		String payload = answer.getStatus().getToken().split("\\.")[1];
		JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(payload));
		assertThat(claims.path("sub").asString()).isEqualTo("system:serviceaccount:apps:web");
		assertThat(claims.path("exp").asLong()).isEqualTo(expiry.getEpochSecond());
	}

	@Test
	void aTokenRequestIsARequestLikeAnyOtherThatStoresNothingAndAFailingNamespaceAnswersItFirst() throws Exception {
		this.server.create(serviceAccount("apps", "web"));
		this.server.failNamespace("broken", 500, "etcd is down");

		this.server.core()
			.createNamespacedServiceAccountToken("web", "apps", tokenRequest(new V1TokenRequestSpec()))
			.execute();
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.server.core()
				.createNamespacedServiceAccountToken("web", "broken", tokenRequest(new V1TokenRequestSpec()))
				.execute())
			.satisfies((ex) -> assertThat(status(ex.getResponseBody())).containsEntry("message", "etcd is down"));

		assertThat(this.server.requests()).extracting(ApiRequest::method, ApiRequest::path)
			.containsExactly(tuple("POST", "/api/v1/namespaces/apps/serviceaccounts/web/token"),
					tuple("POST", "/api/v1/namespaces/broken/serviceaccounts/web/token"));
		assertThat(this.server.tokenRequests()).hasSize(1);
		assertThat(this.server.core().listNamespacedServiceAccount("apps").execute().getItems())
			.extracting((account) -> account.getMetadata().getName())
			.containsExactly("web");
	}

	@Test
	void aTokenRequestForLessThanTenMinutesIsInvalid() {
		this.server.create(serviceAccount("apps", "web"));

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.server.core()
				.createNamespacedServiceAccountToken("web", "apps",
						tokenRequest(new V1TokenRequestSpec().expirationSeconds(599L)))
				.execute())
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(422);
				assertThat(status(ex.getResponseBody())).containsEntry("reason", "Invalid")
					.containsEntry("message", "TokenRequest.authentication.k8s.io \"web\" is invalid: "
							+ "spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 "
							+ "minutes");
				assertThat(JSON.readTree(ex.getResponseBody()).path("details").path("kind").asString())
					.isEqualTo("TokenRequest");
			});
	}

	@Test
	void aTokenBoundToAPodRunningAsAnotherServiceAccountIsABadRequest() {
		this.server.create(serviceAccount("apps", "web"));
		V1Pod pod = this.server
			.create(pod("apps", "batch-0", "node-a").spec(new V1PodSpec().serviceAccountName("batch")));

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.server.core()
			.createNamespacedServiceAccountToken("web", "apps",
					tokenRequest(new V1TokenRequestSpec().boundObjectRef(new V1BoundObjectReference().apiVersion("v1")
						.kind("Pod")
						.name("batch-0")
						.uid(pod.getMetadata().getUid()))))
			.execute()).satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(400);
				assertThat(status(ex.getResponseBody())).containsEntry("reason", "BadRequest")
					.containsEntry("message", "cannot bind token for serviceaccount \"web\" to pod running with "
							+ "different serviceaccount name.");
			});
	}

	private List<String> podNames(String fieldSelector) throws ApiException {
		return this.server.core()
			.listPodForAllNamespaces()
			.fieldSelector(fieldSelector)
			.execute()
			.getItems()
			.stream()
			.map((pod) -> pod.getMetadata().getName())
			.toList();
	}

	private List<String> podNamesWithLabels(String labelSelector) throws ApiException {
		return this.server.core()
			.listNamespacedPod("apps")
			.labelSelector(labelSelector)
			.execute()
			.getItems()
			.stream()
			.map((pod) -> pod.getMetadata().getName())
			.toList();
	}

	private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.server.url() + path))
				.method(method, BodyPublishers.ofString(body))
				.header("Content-Type", contentType)
				.build(), BodyHandlers.ofString());
	}

	/**
	 * The lister-watcher of an informer that asks the API server for the selected objects
	 * only.
	 */
	private static <T extends KubernetesObject, L extends KubernetesListObject> ListerWatcher<T, L> listerWatcher(
			GenericKubernetesApi<T, L> api, String labelSelector, String fieldSelector) {
		return new ListerWatcher<>() {

			@Override
			public L list(CallGeneratorParams params) throws ApiException {
				return api.list(options(params)).throwsApiException().getObject();
			}

			@Override
			public Watchable<T> watch(CallGeneratorParams params) throws ApiException {
				return api.watch(options(params));
			}

			private ListOptions options(CallGeneratorParams params) {
				return new ListOptions().labelSelector(labelSelector)
					.fieldSelector(fieldSelector)
					.resourceVersion(params.resourceVersion)
					.timeoutSeconds(params.timeoutSeconds);
			}

		};
	}

	private static <T extends KubernetesObject> List<String> events(SharedIndexInformer<T> informer) {
		List<String> events = new CopyOnWriteArrayList<>();
		informer.addEventHandler(new ResourceEventHandler<>() {

			@Override
			public void onAdd(T object) {
				events.add("ADDED " + object.getMetadata().getName());
			}

			@Override
			public void onUpdate(T before, T after) {
				events.add("MODIFIED " + after.getMetadata().getName());
			}

			@Override
			public void onDelete(T object, boolean finalStateUnknown) {
				events.add("DELETED " + object.getMetadata().getName());
			}

		});
		return events;
	}

	private static <T> List<Watch.Response<T>> drain(Watchable<T> watch) throws Exception {
		List<Watch.Response<T>> events = new ArrayList<>();
		try (watch) {
			while (watch.hasNext()) {
				events.add(watch.next());
			}
		}
		return events;
	}

	private AppsV1Api replicaSets() {
		return new AppsV1Api(this.server.client());
	}

	private V1ReplicaSet createReplicaSet(String namespace, String name) throws ApiException {
		return replicaSets()
			.createNamespacedReplicaSet(namespace,
					new V1ReplicaSet().apiVersion("apps/v1").kind("ReplicaSet").metadata(meta(namespace, name)))
			.execute();
	}

	private static V1OwnerReference ownerOf(V1ReplicaSet replicaSet) {
		return new V1OwnerReference().apiVersion("apps/v1")
			.kind("ReplicaSet")
			.name(replicaSet.getMetadata().getName())
			.uid(replicaSet.getMetadata().getUid())
			.controller(true);
	}

	private static V1Pod pod(String namespace, String name, String node) {
		return new V1Pod().apiVersion("v1")
			.kind("Pod")
			.metadata(meta(namespace, name))
			.spec(new V1PodSpec().nodeName(node));
	}

	private static V1ServiceAccount serviceAccount(String namespace, String name) {
		return new V1ServiceAccount().apiVersion("v1").kind("ServiceAccount").metadata(meta(namespace, name));
	}

	private static AuthenticationV1TokenRequest tokenRequest(V1TokenRequestSpec spec) {
		return new AuthenticationV1TokenRequest().apiVersion("authentication.k8s.io/v1")
			.kind("TokenRequest")
			.spec(spec);
	}

	private static V1Secret secret(String namespace, String name) {
		return new V1Secret().apiVersion("v1").kind("Secret").metadata(meta(namespace, name));
	}

	private static V1ObjectMeta meta(String namespace, String name, String... labels) {
		V1ObjectMeta meta = new V1ObjectMeta().namespace(namespace).name(name);
		for (int i = 0; i < labels.length; i += 2) {
			meta.putLabelsItem(labels[i], labels[i + 1]);
		}
		return meta;
	}

	private static Map<String, Object> podStatus(String name, String node) {
		return Map.of("apiVersion", "secrets-store.csi.x-k8s.io/v1", "kind", "SecretProviderClassPodStatus", "metadata",
				Map.of("name", name, "labels", Map.of(NODE_LABEL, node)));
	}

	private static V1Patch nodeLabel(String node) {
		return new V1Patch("{\"metadata\":{\"labels\":{\"" + NODE_LABEL + "\":\"" + node + "\"}}}");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static Map<String, Object> status(String body) {
		JsonNode status = JSON.readTree(body);
		return Map.of("kind", status.path("kind").asString(), "reason", status.path("reason").asString(), "message",
				status.path("message").asString());
	}

}
