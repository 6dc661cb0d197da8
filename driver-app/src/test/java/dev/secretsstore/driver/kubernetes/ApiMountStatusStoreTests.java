package dev.secretsstore.driver.kubernetes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.model.CustomResources;
import dev.secretsstore.driver.model.SecretProviderClassPodStatus;
import dev.secretsstore.driver.mount.FileGroup;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.status.PodStatusDocuments;
import dev.secretsstore.driver.status.VolumeAnnotations;
import io.kubernetes.client.openapi.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

class ApiMountStatusStoreTests {

	private static final String PLURAL = CustomResources.POD_STATUSES;

	private final KubernetesApiDouble server = KubernetesApiDouble.start();

	private final ApiMountStatusStore store = storeOf("node-a");

	private final MountedVolume volume = volume("apps", "web-0", "uid-1", "/var/lib/kubelet/pods/uid-1/mount",
			List.of(new ObjectVersion("z", "2"), new ObjectVersion("a", "1")));

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void saveCreatesTheUpstreamShapedObject() throws Exception {
		this.store.save(this.volume);

		Map<String, Object> stored = this.server.get("apps", PLURAL, "web-0-apps-db");
		assertThat(metadata(stored)).containsEntry("name", "web-0-apps-db").containsEntry("namespace", "apps");
		assertThat(labels(stored)).containsExactly(entry(SecretProviderClassPodStatus.NODE_LABEL, "node-a"));
		assertThat(metadata(stored).get("ownerReferences"))
			.isEqualTo(List.of(Map.of("apiVersion", "v1", "kind", "Pod", "name", "web-0", "uid", "uid-1")));
		assertThat(stored.get("status")).isEqualTo(Map.of("podName", "web-0", "secretProviderClassName", "db",
				"mounted", true, "targetPath", "/var/lib/kubelet/pods/uid-1/mount", "objects",
				List.of(Map.of("id", "a", "version", "1"), Map.of("id", "z", "version", "2"))));
	}

	@Test
	void saveTakesOverTheStatusOfARecreatedPodFromAnotherNode() throws Exception {
		MountedVolume before = volume("apps", "web-0", "old-uid", "/var/lib/kubelet/pods/old-uid/mount",
				List.of(new ObjectVersion("a", "0")));
		storeOf("node-b").save(before);
		Map<String, Object> foreign = this.server.get("apps", PLURAL, "web-0-apps-db");
		metadata(foreign).put("labels", Map.of(SecretProviderClassPodStatus.NODE_LABEL, "node-b", "team", "web"));
		this.server.customObjects()
			.replaceNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, "apps", PLURAL,
					"web-0-apps-db", foreign)
			.execute();

		this.store.save(this.volume);

		Map<String, Object> stored = this.server.get("apps", PLURAL, "web-0-apps-db");
		assertThat(labels(stored)).containsOnly(entry(SecretProviderClassPodStatus.NODE_LABEL, "node-a"),
				entry("team", "web"));
		assertThat(metadata(stored).get("ownerReferences"))
			.isEqualTo(List.of(Map.of("apiVersion", "v1", "kind", "Pod", "name", "web-0", "uid", "uid-1")));
		assertThat(this.store.loadAll()).containsExactly(this.volume);
		assertThat(storeOf("node-b").loadAll()).isEmpty();
	}

	@Test
	void updateSendsOneMergePatchThatReplacesTheObjectsAndKeepsWhatOthersAdded() throws Exception {
		this.store.save(this.volume);
		Map<String, Object> labelled = this.server.get("apps", PLURAL, "web-0-apps-db");
		metadata(labelled).put("labels", Map.of(SecretProviderClassPodStatus.NODE_LABEL, "node-a", "team", "web"));
		this.server.customObjects()
			.replaceNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, "apps", PLURAL,
					"web-0-apps-db", labelled)
			.execute();
		int before = this.server.requestCount();

		this.store.update(this.volume.withProviderAndVersions("vault", List.of(new ObjectVersion("a", "3"))));

		assertThat(this.server.requestCount()).isEqualTo(before + 1);
		assertThat(this.server.requests().get(before).method()).isEqualTo("PATCH");
		Map<String, Object> stored = this.server.get("apps", PLURAL, "web-0-apps-db");
		assertThat(((Map<?, ?>) stored.get("status")).get("objects"))
			.isEqualTo(List.of(Map.of("id", "a", "version", "3")));
		assertThat(labels(stored)).containsEntry("team", "web");
	}

	@Test
	void updateOfAStatusDeletedMeanwhileCreatesItAgain() throws Exception {
		this.store.update(this.volume);

		assertThat(this.store.loadAll()).containsExactly(this.volume);
	}

	@Test
	void deleteRemovesTheObjectAndIgnoresOneThatIsGone() throws Exception {
		this.store.save(this.volume);

		this.store.delete(this.volume);
		this.store.delete(this.volume);

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.server.get("apps", PLURAL, "web-0-apps-db"))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(404));
		assertThat(this.store.loadAll()).isEmpty();
	}

	@Test
	void deleteLeavesAStatusThatAPodRecreatedUnderTheSameNameTookOver() throws Exception {
		MountedVolume old = volume("apps", "web-0", "old-uid", "/var/lib/kubelet/pods/old-uid/mount", List.of());
		this.store.save(old);
		this.store.save(this.volume);

		this.store.delete(old);

		assertThat(metadata(this.server.get("apps", PLURAL, "web-0-apps-db")).get("ownerReferences"))
			.isEqualTo(List.of(Map.of("apiVersion", "v1", "kind", "Pod", "name", "web-0", "uid", "uid-1")));
		this.store.delete(this.volume);
		assertThat(this.store.loadAll()).isEmpty();
	}

	/**
	 * Kubelet publishes the volumes of a pod in parallel, and both share the status's Go
	 * name {@code <pod>-<namespace>-<spc>}.
	 */
	@Test
	void twoVolumesOfOnePodThatUseOneClassShareTheObjectAndEachKeepsItsRecord() throws Exception {
		MountedVolume second = secondVolumeOfTheSamePod();
		this.store.save(this.volume);
		this.store.save(second);

		assertThat(this.store.loadAll()).as("after a restart").containsExactlyInAnyOrder(this.volume, second);
		MountedVolume rotated = this.volume.withProviderAndVersions("vault", List.of(new ObjectVersion("a", "7")));
		this.store.update(rotated);
		assertThat(this.store.loadAll()).containsExactlyInAnyOrder(rotated, second);
		assertThat(((Map<?, ?>) this.server.get("apps", PLURAL, "web-0-apps-db").get("status")).get("targetPath"))
			.as("the status shows the volume written last, as the Go driver's does")
			.isEqualTo(rotated.targetPath().toString());

		this.store.delete(rotated);

		assertThat(this.store.loadAll()).containsExactly(second);
		Map<String, Object> stored = this.server.get("apps", PLURAL, "web-0-apps-db");
		assertThat(((Map<?, ?>) stored.get("status")).get("targetPath")).as("a volume still mounted")
			.isEqualTo(second.targetPath().toString());
		this.store.delete(second);
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.server.get("apps", PLURAL, "web-0-apps-db"))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(404));
	}

	@Test
	void eachVolumeKeepsTheGroupOfItsFilesInItsRecord() throws Exception {
		MountedVolume grouped = this.volume.withFileGroup(FileGroup.of(4321));
		MountedVolume second = secondVolumeOfTheSamePod();
		this.store.save(second);
		this.store.save(grouped);

		Map<String, Object> stored = this.server.get("apps", PLURAL, "web-0-apps-db");
		@SuppressWarnings("unchecked")
		Map<String, String> annotations = (Map<String, String>) ((Map<?, ?>) stored.get("metadata")).get("annotations");
		assertThat(annotations).containsEntry(PodStatusDocuments.FS_GROUP_ANNOTATION, "4321");
		assertThat(annotations.get(VolumeAnnotations.keyOf(grouped))).contains("\"fsGroup\":4321");
		assertThat(annotations.get(VolumeAnnotations.keyOf(second))).doesNotContain("fsGroup");
		assertThat(this.store.loadAll()).as("after a restart").containsExactlyInAnyOrder(grouped, second);

		MountedVolume rotated = grouped.withProviderAndVersions("vault", List.of(new ObjectVersion("a", "7")));
		this.store.update(rotated);
		this.store.update(second);

		assertThat(this.store.loadAll()).containsExactlyInAnyOrder(rotated, second);
		assertThat(rotated.fileGroup()).isEqualTo(FileGroup.of(4321));
	}

	@Test
	void aPodRecreatedUnderTheSameNameDoesNotInheritTheOldPodsVolumes() throws Exception {
		MountedVolume old = volume("apps", "web-0", "old-uid", "/var/lib/kubelet/pods/old-uid/mount", List.of());
		this.store.save(old);

		this.store.save(this.volume);

		assertThat(this.store.loadAll()).containsExactly(this.volume);
	}

	@Test
	void anObjectWrittenByAnEarlierVersionOrTheGoDriverIsReadFromItsStatus() throws Exception {
		Map<String, Object> document = CustomResources.write(new PodStatusDocuments("node-a").toDocument(this.volume));
		this.server.create("apps", PLURAL, document);
		MountedVolume second = secondVolumeOfTheSamePod();

		assertThat(this.store.loadAll()).containsExactly(this.volume);
		this.store.save(second);
		assertThat(this.store.loadAll()).containsExactlyInAnyOrder(this.volume, second);
	}

	private MountedVolume secondVolumeOfTheSamePod() {
		return new MountedVolume("csi-2", Path.of("/var/lib/kubelet/pods/uid-1/other/mount"), this.volume.pod(), "db",
				"vault", Map.of("secretProviderClass", "db"), List.of(new ObjectVersion("b", "1")));
	}

	@Test
	void loadAllReturnsThisNodesVolumesInEveryNamespaceAndSkipsDamagedOnes() throws Exception {
		MountedVolume other = volume("jobs", "batch-1", "uid-2", "/var/lib/kubelet/pods/uid-2/mount", List.of());
		MountedVolume elsewhere = volume("apps", "web-1", "uid-3", "/var/lib/kubelet/pods/uid-3/mount", List.of());
		this.store.save(this.volume);
		this.store.save(other);
		storeOf("node-b").save(elsewhere);
		// labelled for this node but without a status: a volume cannot be rebuilt from it
		this.server.create("apps", PLURAL, Map.of("apiVersion", SecretProviderClassPodStatus.API_VERSION, "kind",
				SecretProviderClassPodStatus.KIND, "metadata",
				Map.of("name", "damaged", "labels", Map.of(SecretProviderClassPodStatus.NODE_LABEL, "node-a"))));

		assertThat(this.store.loadAll()).containsExactlyInAnyOrder(this.volume, other);
	}

	@Test
	void apiFailuresAreIoExceptionsNamingTheObject() {
		this.server.failNamespace("broken", 500, "etcd is down");
		MountedVolume broken = volume("broken", "web-0", "uid-1", "/t", List.of());

		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.store.save(broken))
			.withMessageContaining("failed to create secretproviderclasspodstatus broken/web-0-broken-db")
			.withMessageContaining("HTTP 500");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.store.delete(broken))
			.withMessageContaining("failed to delete secretproviderclasspodstatus broken/web-0-broken-db");
	}

	private ApiMountStatusStore storeOf(String nodeId) {
		return new ApiMountStatusStore(this.server.customObjects(), new PodStatusDocuments(nodeId), nodeId);
	}

	private static MountedVolume volume(String namespace, String pod, String uid, String targetPath,
			List<ObjectVersion> versions) {
		return new MountedVolume("csi-" + uid, Path.of(targetPath), new PodRef(namespace, pod, uid), "db", "vault",
				Map.of("secretProviderClass", "db", "csi.storage.k8s.io/pod.name", pod), versions);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> metadata(Map<String, Object> object) {
		return (Map<String, Object>) object.get("metadata");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> labels(Map<String, Object> object) {
		return (Map<String, String>) metadata(object).get("labels");
	}

}
