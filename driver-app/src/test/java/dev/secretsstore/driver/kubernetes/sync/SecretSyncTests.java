package dev.secretsstore.driver.kubernetes.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.TreeMap;

import dev.secretsstore.driver.kubernetes.NodePods;
import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.model.SecretProviderClass.SecretObject;
import dev.secretsstore.driver.model.SecretProviderClass.SecretObjectData;
import dev.secretsstore.driver.model.SecretProviderClass.Spec;
import dev.secretsstore.driver.mount.atomic.AtomicWriter;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.provider.SecretFile;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

@ExtendWith(OutputCaptureExtension.class)
class SecretSyncTests {

	private static final String NAMESPACE = "apps";

	private static final String FORBIDDEN_NAMESPACE = "locked";

	private final KubernetesApiDouble server = KubernetesApiDouble.start();

	private final SyncFailures failures = new SyncFailures();

	/** The pod events raised, as "reason pod: message". */
	private final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

	/** The pods on the node as a watch shows them. */
	private final Map<String, V1Pod> watchedPods = new ConcurrentHashMap<>();

	private final SecretOwners owners = new SecretOwners(
			new NodePods((namespace, name) -> Optional.ofNullable(this.watchedPods.get(namespace + "/" + name)),
					this.server.core()),
			this.server.customObjects());

	/** How often sync said it needs its watches. */
	private final AtomicInteger watchesNeeded = new AtomicInteger();

	private final SecretSync sync = new SecretSync(new SecretWriter(this.server.core()), this.owners, this.failures,
			new SyncEvents() {

				@Override
				public void failedToCreate(MountedVolume volume, String message) {
					record("FailedToCreateSecret", volume, message);
				}

				@Override
				public void rotated(MountedVolume volume, String secretName) {
					record("SecretRotationComplete", volume, secretName);
				}

				@Override
				public void rotationFailed(MountedVolume volume, String secretName, String message) {
					record("SecretRotationFailed", volume, message);
				}

				private void record(String reason, MountedVolume volume, String message) {
					SecretSyncTests.this.events.add(reason + " " + volume.pod().name() + ": " + message);
				}

			}, this.watchesNeeded::incrementAndGet);

	@TempDir
	Path temp;

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void createsTheSecretWithTypeLabelsAnnotationsAndThePodsOwnersAsOwners() throws Exception {
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("db/password", "s3cret", "user", "app"));
		SecretObject object = new SecretObject(" db-creds ", "", Map.of("team", "web"), Map.of("note", "synced"),
				List.of(data(" db/password ", " password "), data("user", "username")));

		this.sync.contentFetched(volume, spc(object), true);

		V1Secret secret = read("db-creds");
		assertThat(secret.getType()).isEqualTo("Opaque");
		assertThat(strings(secret)).containsExactly(entry("password", "s3cret"), entry("username", "app"));
		assertThat(secret.getMetadata().getLabels()).containsOnly(entry("team", "web"),
				entry("secrets-store.csi.k8s.io/managed", "true"));
		assertThat(secret.getMetadata().getAnnotations()).containsOnly(entry("note", "synced"));
		assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies((owner) -> {
			assertThat(owner.getApiVersion()).isEqualTo("apps/v1");
			assertThat(owner.getKind()).isEqualTo("ReplicaSet");
			assertThat(owner.getName()).isEqualTo("web-0-rs");
			assertThat(owner.getUid()).isEqualTo("rs-uid-0");
			// as the Go driver copies them
			assertThat(owner.getController()).isNull();
			assertThat(owner.getBlockOwnerDeletion()).isNull();
		});
		assertThat(this.failures.warnings()).isZero();
	}

	@Test
	void theWatchesAreNeededOnlyOnceAVolumeSyncsSecrets() throws Exception {
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "pw"));

		this.sync.contentFetched(volume, spc(), true);
		assertThat(this.watchesNeeded).hasValue(0);

		this.sync.contentFetched(volume, spc(opaque("db-creds", data("password", "password"))), true);
		assertThat(this.watchesNeeded).hasPositiveValue();
	}

	@Test
	void aPodTheWatchHasNotShownYetIsReadFromTheApi() throws Exception {
		mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "pw"));
		V1Pod pod = this.watchedPods.remove(NAMESPACE + "/web-0");
		// the API server gives the pod its UID
		String uid = this.server.core().createNamespacedPod(NAMESPACE, pod).execute().getMetadata().getUid();
		MountedVolume volume = mount(NAMESPACE, "web-0", uid, Map.of("password", "pw"));
		this.watchedPods.remove(NAMESPACE + "/web-0");

		this.sync.contentFetched(volume, spc(opaque("db-creds", data("password", "password"))), true);

		assertThat(read("db-creds").getMetadata().getOwnerReferences()).extracting(V1OwnerReference::getUid)
			.containsExactly("rs-uid-0");
		assertThat(uid).isNotEqualTo("uid-0");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aPodWithoutOwnersLeavesTheSecretToItsPodStatus() throws Exception {
		MountedVolume volume = mount(NAMESPACE, "static-0", "uid-0", Map.of("password", "pw"));
		this.watchedPods.get(NAMESPACE + "/static-0").getMetadata().setOwnerReferences(null);
		Map<String, Object> status = this.server.customObjects()
			.createNamespacedCustomObject("secrets-store.csi.x-k8s.io", "v1", NAMESPACE,
					"secretproviderclasspodstatuses",
					Map.of("apiVersion", "secrets-store.csi.x-k8s.io/v1", "kind", "SecretProviderClassPodStatus",
							"metadata",
							Map.of("name", volume.statusName(), "namespace", NAMESPACE, "uid", "status-uid")))
			.execute() instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
		assertThat(status).isNotEmpty();

		this.sync.contentFetched(volume, spc(opaque("db-creds", data("password", "password"))), true);

		assertThat(read("db-creds").getMetadata().getOwnerReferences()).singleElement().satisfies((owner) -> {
			assertThat(owner.getApiVersion()).isEqualTo("secrets-store.csi.x-k8s.io/v1");
			assertThat(owner.getKind()).isEqualTo("SecretProviderClassPodStatus");
			assertThat(owner.getName()).isEqualTo("static-0-apps-db");
			assertThat(owner.getUid()).isEqualTo(((Map<?, ?>) status.get("metadata")).get("uid"));
		});
	}

	@Test
	void aSecretChangedBySomeoneElseIsWrittenAgainAtTheNextRefresh() throws Exception {
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "pw"));
		SecretProviderClass spc = spc(opaque("db-creds", data("password", "password")));
		this.sync.contentFetched(volume, spc, true);
		V1Secret edited = read("db-creds");
		edited.setData(Map.of("password", "tampered".getBytes(StandardCharsets.UTF_8)));
		this.server.core().replaceNamespacedSecret("db-creds", NAMESPACE, edited).execute();

		this.sync.secretChanged(NAMESPACE, "db-creds", Optional.of(SecretFingerprint.of(read("db-creds"))));
		this.sync.contentFetched(volume, spc, false);

		assertThat(strings(read("db-creds"))).containsExactly(entry("password", "pw"));
	}

	@Test
	void aDeletedSecretIsCreatedAgainAtTheNextRefresh() throws Exception {
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "pw"));
		SecretProviderClass spc = spc(opaque("db-creds", data("password", "password")));
		this.sync.contentFetched(volume, spc, true);
		this.server.core().deleteNamespacedSecret("db-creds", NAMESPACE).execute();

		this.sync.secretChanged(NAMESPACE, "db-creds", Optional.empty());
		this.sync.contentFetched(volume, spc, false);

		assertThat(strings(read("db-creds"))).containsExactly(entry("password", "pw"));
	}

	@Test
	void aSecretTheGarbageCollectorDeletedIsNotCreatedAgainForAPodThatIsGone() throws Exception {
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "pw"));
		SecretProviderClass spc = spc(opaque("db-creds", data("password", "password")));
		this.sync.contentFetched(volume, spc, true);
		// the ReplicaSet was deleted: its pod went with it, and the Secret after its last
		// owner
		this.watchedPods.remove(NAMESPACE + "/web-0");
		this.server.core().deleteNamespacedSecret("db-creds", NAMESPACE).execute();

		this.sync.secretChanged(NAMESPACE, "db-creds", Optional.empty());
		this.sync.contentFetched(volume, spc, false);

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> read("db-creds"))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(404));
		assertThat(this.failures.warnings()).isZero();
	}

	@Test
	void aPodBeingDeletedOrRecreatedUnderItsNameGetsNoSecret() throws Exception {
		MountedVolume deleting = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "pw"));
		this.watchedPods.get(NAMESPACE + "/web-0").getMetadata().deletionTimestamp(OffsetDateTime.now());
		MountedVolume replaced = mount(NAMESPACE, "web-1", "uid-1", Map.of("password", "pw"));
		this.watchedPods.get(NAMESPACE + "/web-1").getMetadata().uid("uid-of-the-new-web-1");

		this.sync.contentFetched(deleting, spc(opaque("one", data("password", "password"))), true);
		this.sync.contentFetched(replaced, spc(opaque("two", data("password", "password"))), true);

		assertThat(this.server.core().listNamespacedSecret(NAMESPACE).execute().getItems()).isEmpty();
	}

	@Test
	void aSecretThatStillHoldsTheLastWriteIsLeftAlone() throws Exception {
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "pw"));
		SecretProviderClass spc = spc(opaque("db-creds", data("password", "password")));
		this.sync.contentFetched(volume, spc, true);
		V1Secret labelled = read("db-creds");
		// another controller adds its own label: that is not drift
		labelled.getMetadata().putLabelsItem("reloader", "on");
		this.server.core().replaceNamespacedSecret("db-creds", NAMESPACE, labelled).execute();
		int before = this.server.requestCount();

		this.sync.secretChanged(NAMESPACE, "db-creds", Optional.of(SecretFingerprint.of(read("db-creds"))));
		this.sync.contentFetched(volume, spc, false);

		assertThat(this.server.requestCount()).isEqualTo(before + 1);
	}

	@Test
	void replacesTheDataWhenTheMountedContentChanges() throws Exception {
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "one"));
		SecretProviderClass spc = spc(opaque("db-creds", data("password", "password")));
		this.sync.contentFetched(volume, spc, true);

		write(volume, Map.of("password", "two"));
		this.sync.contentFetched(volume, spc, true);

		assertThat(strings(read("db-creds"))).containsExactly(entry("password", "two"));
	}

	@Test
	void makesNoApiCallWhenNothingChanged() throws Exception {
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "one"));
		SecretProviderClass spc = spc(opaque("db-creds", data("password", "password")));
		this.sync.contentFetched(volume, spc, true);
		int afterFirstSync = this.server.requestCount();
		assertThat(afterFirstSync).isPositive();

		// an idle rotation pass, then a pass that says "changed" but yields the same
		// Secret
		this.sync.contentFetched(volume, spc, false);
		this.sync.contentFetched(volume, spc, true);

		assertThat(this.server.requestCount()).isEqualTo(afterFirstSync);
	}

	@Test
	void anIdlePassDoesNotEvenReadTheFiles() throws Exception {
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "one"));
		SecretProviderClass spc = spc(opaque("db-creds", data("password", "password")));
		this.sync.contentFetched(volume, spc, true);

		// only the listener's "changed" flag may start a sync of the same secretObjects
		write(volume, Map.of("password", "two"));
		this.sync.contentFetched(volume, spc, false);

		assertThat(strings(read("db-creds"))).containsExactly(entry("password", "one"));
	}

	@Test
	void resyncsAnIdleVolumeWhenItsSecretObjectsChange() throws Exception {
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "one"));
		this.sync.contentFetched(volume, spc(opaque("db-creds", data("password", "password"))), true);

		this.sync.contentFetched(volume, spc(opaque("db-creds", data("password", "pw"))), false);

		assertThat(strings(read("db-creds"))).containsExactly(entry("pw", "one"));
	}

	@Test
	void aKeyRemovedFromTheSecretProviderClassDisappearsFromTheSecret() throws Exception {
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "pw", "user", "app"));
		this.sync.contentFetched(volume,
				spc(opaque("db-creds", data("password", "password"), data("user", "username"))), true);

		this.sync.contentFetched(volume, spc(opaque("db-creds", data("password", "password"))), false);

		assertThat(strings(read("db-creds"))).containsExactly(entry("password", "pw"));
	}

	@Test
	void eachPodBecomesAnOwnerAndOtherOwnersAreKept() throws Exception {
		V1OwnerReference foreign = new V1OwnerReference().apiVersion("apps/v1")
			.kind("ReplicaSet")
			.name("web-abc")
			.uid("rs-uid");
		this.server.core()
			.createNamespacedSecret(NAMESPACE,
					new V1Secret().apiVersion("v1")
						.kind("Secret")
						.metadata(new V1ObjectMeta().name("db-creds").ownerReferences(List.of(foreign))))
			.execute();
		SecretProviderClass spc = spc(opaque("db-creds", data("password", "password")));
		MountedVolume first = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "pw"));
		MountedVolume second = mount(NAMESPACE, "web-1", "uid-1", Map.of("password", "pw"));

		this.sync.contentFetched(first, spc, true);
		this.sync.contentFetched(second, spc, true);
		this.sync.contentFetched(first, spc, true);

		assertThat(read("db-creds").getMetadata().getOwnerReferences()).extracting(V1OwnerReference::getUid)
			.containsExactly("rs-uid", "rs-uid-0", "rs-uid-1");
	}

	@Test
	void splitsAPemWithKeyAndChainIntoTlsKeyAndTlsCrt() throws Exception {
		String pem = TestPem.KEY_AND_CHAIN;
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("web-cert", pem));

		this.sync.contentFetched(volume, spc(new SecretObject("web-tls", "kubernetes.io/tls", Map.of(), Map.of(),
				List.of(data("web-cert", "tls.key"), data("web-cert", "tls.crt")))), true);

		V1Secret secret = read("web-tls");
		assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
		String key = strings(secret).get("tls.key");
		String chain = strings(secret).get("tls.crt");
		// the PKCS#8 key is written as SEC1, as the Go driver does
		assertThat(key).startsWith("-----BEGIN EC PRIVATE KEY-----\n")
			.endsWith("-----END EC PRIVATE KEY-----\n")
			.doesNotContain("CERTIFICATE");
		assertThat(chain).startsWith("-----BEGIN CERTIFICATE-----\n").doesNotContain("PRIVATE KEY");
		assertThat(chain.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(3);
		assertThat(pem.replaceAll("\\s", "")).endsWith(chain.replaceAll("\\s", ""));
	}

	@Test
	void aTlsObjectWithoutAPrivateKeyIsSkipped() throws Exception {
		String certificateOnly = TestPem.KEY_AND_CHAIN.replaceAll("(?s)-----BEGIN PRIVATE KEY.*?KEY-----", "");
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("web-cert", certificateOnly));

		this.sync.contentFetched(volume, spc(new SecretObject("web-tls", "kubernetes.io/tls", Map.of(), Map.of(),
				List.of(data("web-cert", "tls.key"), data("web-cert", "tls.crt")))), true);

		assertNotFound("web-tls");
		assertThat(this.failures.warnings()).isOne();
	}

	@Test
	void aSecretWhoseFileIsMissingIsSkippedAndTheOthersAreSynced() throws Exception {
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "pw"));
		SecretProviderClass spc = spc(opaque("broken", data("absent", "key")),
				opaque("db-creds", data("password", "password")));

		this.sync.contentFetched(volume, spc, true);
		this.sync.contentFetched(volume, spc, false);

		assertNotFound("broken");
		assertThat(strings(read("db-creds"))).containsExactly(entry("password", "pw"));
		assertThat(this.failures.warnings()).isOne();
		assertThat(this.events).as("a FailedToCreateSecret event on the pod at each failing pass")
			.hasSize(2)
			.allSatisfy((event) -> assertThat(event).startsWith("FailedToCreateSecret web-0: failed to get data in spc")
				.contains("for secret broken"));
	}

	@Test
	void aChangedTypeRecreatesTheSecretWithItsOwners() throws Exception {
		MountedVolume first = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "pw"));
		MountedVolume second = mount(NAMESPACE, "web-1", "uid-1", Map.of("password", "pw"));
		this.sync.contentFetched(first, spc(opaque("db-creds", data("password", "password"))), true);

		this.sync.contentFetched(second, spc(new SecretObject("db-creds", "example.com/db", Map.of(), Map.of(),
				List.of(data("password", "password")))), true);

		V1Secret secret = read("db-creds");
		assertThat(secret.getType()).isEqualTo("example.com/db");
		assertThat(strings(secret)).containsExactly(entry("password", "pw"));
		assertThat(secret.getMetadata().getOwnerReferences()).extracting(V1OwnerReference::getUid)
			.containsExactly("rs-uid-0", "rs-uid-1");
	}

	@Test
	void anUpdatedSecretRaisesSecretRotationCompleteAndNewOwnersAlone() throws Exception {
		MountedVolume first = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "one"));
		MountedVolume second = mount(NAMESPACE, "web-1", "uid-1", Map.of("password", "one"));
		SecretProviderClass spc = spc(opaque("db-creds", data("password", "password")));
		this.sync.contentFetched(first, spc, true);
		this.sync.contentFetched(second, spc, true);
		assertThat(this.events).as("a creation and a new owner are no rotation").isEmpty();

		write(first, Map.of("password", "two"));
		this.sync.contentFetched(first, spc, true);

		assertThat(this.events).containsExactly("SecretRotationComplete web-0: db-creds");
	}

	@Test
	void aFailedUpdateOfASyncedSecretRaisesSecretRotationFailed() throws Exception {
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "one"));
		SecretProviderClass spc = spc(opaque("db-creds", data("password", "password")));
		this.sync.contentFetched(volume, spc, true);

		this.server.failNamespace(NAMESPACE, 500, "etcd is down");
		write(volume, Map.of("password", "two"));
		this.sync.contentFetched(volume, spc, true);

		assertThat(this.events).singleElement()
			.satisfies((event) -> assertThat(event)
				.startsWith("SecretRotationFailed web-0: failed to patch secret db-creds with new data, err: HTTP 500")
				.contains("etcd is down")
				.doesNotContain("two"));
	}

	@Test
	void aConflictIsRetriedOnceWithAFreshRead() throws Exception {
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("password", "one"));
		SecretProviderClass spc = spc(opaque("db-creds", data("password", "password")));
		this.sync.contentFetched(volume, spc, true);
		write(volume, Map.of("password", "two"));

		this.server.conflictOnNextPut();
		this.sync.contentFetched(volume, spc, true);

		assertThat(strings(read("db-creds"))).containsExactly(entry("password", "two"));
		assertThat(this.failures.warnings()).isZero();
	}

	@Test
	void forbiddenIsReportedOnceAndRetriedOnTheNextPass(CapturedOutput output) throws Exception {
		this.server.failNamespace(FORBIDDEN_NAMESPACE, 403, "secrets is forbidden: User "
				+ "\"system:serviceaccount:kube-system:secrets-store-csi-driver\" cannot get resource \"secrets\" in API "
				+ "group \"\" in the namespace \"" + FORBIDDEN_NAMESPACE + "\"");
		MountedVolume volume = mount(FORBIDDEN_NAMESPACE, "web-0", "uid-0", Map.of("password", "pa55word-value"));
		SecretProviderClass spc = spc(opaque("db-creds", data("password", "password")));

		this.sync.contentFetched(volume, spc, true);
		int afterFirstPass = this.server.requestCount();
		this.sync.contentFetched(volume, spc, false);

		assertThat(this.server.requestCount()).isGreaterThan(afterFirstPass);
		assertThat(this.failures.warnings()).isOne();
		assertThat(output.getOut().split(SyncFailures.FORBIDDEN, -1)).hasSize(2);
		assertThat(output.getAll()).doesNotContain("pa55word-value");
		assertThat(this.events).isNotEmpty()
			.allSatisfy((event) -> assertThat(event).startsWith("FailedToCreateSecret web-0: ")
				.contains("failed to create Kubernetes secret db-creds", "403")
				.doesNotContain("pa55word-value"));
	}

	@Test
	void aRepeatedFailureIsLoggedOnceWithoutTheData(CapturedOutput output) throws Exception {
		MountedVolume volume = mount(NAMESPACE, "web-0", "uid-0", Map.of("web-cert", "pa55word-value"));
		SecretProviderClass spc = spc(new SecretObject("web-tls", "kubernetes.io/tls", Map.of(), Map.of(),
				List.of(data("web-cert", "tls.crt"))));

		this.sync.contentFetched(volume, spc, true);
		this.sync.contentFetched(volume, spc, true);

		assertThat(output.getOut().split("it is neither PEM", -1)).hasSize(2);
		assertThat(output.getAll()).doesNotContain("pa55word-value");
	}

	private MountedVolume mount(String namespace, String pod, String uid, Map<String, String> files)
			throws IOException {
		MountedVolume volume = new MountedVolume("csi-" + uid, this.temp.resolve(uid).resolve("mount"),
				new PodRef(namespace, pod, uid), "db", "vault", Map.of(), List.of());
		Files.createDirectories(volume.targetPath());
		write(volume, files);
		// each pod comes from a ReplicaSet of its own, as two Deployments would make them
		this.watchedPods.put(namespace + "/" + pod,
				new V1Pod().apiVersion("v1")
					.kind("Pod")
					.metadata(new V1ObjectMeta().name(pod)
						.namespace(namespace)
						.uid(uid)
						.addOwnerReferencesItem(new V1OwnerReference().apiVersion("apps/v1")
							.kind("ReplicaSet")
							.name(pod + "-rs")
							.uid("rs-" + uid)
							.controller(true)
							.blockOwnerDeletion(true))));
		return volume;
	}

	private static void write(MountedVolume volume, Map<String, String> files) throws IOException {
		new AtomicWriter(volume.targetPath()).write(files.entrySet()
			.stream()
			.map((file) -> new SecretFile(file.getKey(), 0644, file.getValue().getBytes(StandardCharsets.UTF_8)))
			.toList());
	}

	private static SecretProviderClass spc(SecretObject... objects) {
		return new SecretProviderClass(null, null, null, new Spec("vault", Map.of("role", "db"), List.of(objects)));
	}

	private static SecretObject opaque(String name, SecretObjectData... data) {
		return new SecretObject(name, null, null, null, List.of(data));
	}

	private static SecretObjectData data(String objectName, String key) {
		return new SecretObjectData(objectName, key);
	}

	private V1Secret read(String name) throws ApiException {
		return this.server.core().readNamespacedSecret(name, NAMESPACE).execute();
	}

	private void assertNotFound(String name) {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> read(name))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(404));
	}

	private static Map<String, String> strings(V1Secret secret) {
		Map<String, String> strings = new TreeMap<>();
		secret.getData().forEach((key, value) -> strings.put(key, new String(value, StandardCharsets.UTF_8)));
		return new LinkedHashMap<>(strings);
	}

}
