package dev.secretsstore.driver.kubernetes;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.secretsstore.driver.csi.CsiProperties;
import dev.secretsstore.driver.model.NodeIdentity;
import dev.secretsstore.driver.reload.ReloadTargets;
import dev.secretsstore.driver.reload.ReloadUrl;
import dev.secretsstore.driver.restart.RestartOptIn;
import dev.secretsstore.driver.restart.RotatedPod;
import dev.secretsstore.driver.restart.WorkloadApi;
import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.rotation.RotationTrigger;
import dev.secretsstore.driver.testing.ApiRequest;
import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.driver.volume.VersionChange;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pods of this node, from their watch or by GET, on the API server double, and what
 * reload hooks and restarts cost with them.
 */
class NodePodsTests {

	private static final String NODE = "node-a";

	private static final String NAMESPACE = "apps";

	private final KubernetesApiDouble api = KubernetesApiDouble.start();

	@TempDir
	Path folder;

	@AfterEach
	void stop() {
		this.api.close();
	}

	@Test
	void withReloadHooksAndRestartsOnARotatedPodInTheWatchCostsNoPodGetAndOneNotInItIsReadByGet() throws Exception {
		Path config = this.api.writeKubeConfig(this.folder.resolve("config"));
		new ApplicationContextRunner().withUserConfiguration(Node.class, KubernetesConfiguration.class)
			.withPropertyValues("KUBERNETES_SERVICE_HOST=", "KUBECONFIG=" + config, "secrets-store.csi.node-id=" + NODE,
					"secrets-store.reload.enabled=true", "secrets-store.restart.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				NodePods pods = context.getBean(NodePods.class);
				WatchedObjects<V1Pod, V1Pod> watch = pods.watch().orElseThrow();
				assertThat(watch.state()).as("begun with the beans, before any rotation")
					.isNotEqualTo(WatchedObjects.State.NOT_STARTED);
				ReloadTargets reload = context.getBean(ReloadTargets.class);
				WorkloadApi restarts = context.getBean(WorkloadApi.class);
				V1Pod watched = this.api.create(pod("web-0", NODE, "10.244.1.7"));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> watch.get(NAMESPACE, "web-0").filter((pod) -> isSame(pod, watched)).isPresent());
				int before = this.api.requestCount();

				assertThat(reload.of(rotationOf(watched))).hasValue(URI.create("http://10.244.1.7:8080/-/reload"));
				assertThat(restarts.pod(rotationOf(watched))).hasValueSatisfying((pod) -> {
					assertThat(pod.uid()).isEqualTo(watched.getMetadata().getUid());
					assertThat(pod.optIn()).isEqualTo("db");
					assertThat(pod.controller()).isEqualTo(new RotatedPod.Controller("apps/v1", "StatefulSet", "web"));
				});
				assertThat(this.api.requestCount(NodePodsTests::isPodGet)).isZero();
				assertThat(this.api.requestCount()).as("no request at all").isEqualTo(before);

				// on another node, the watch never has it: it stands in for a pod too
				// new for the watch to have shown it yet
				V1Pod unseen = this.api.create(pod("web-1", "node-b", "10.244.2.8"));
				assertThat(reload.of(rotationOf(unseen))).hasValue(URI.create("http://10.244.2.8:8080/-/reload"));
				assertThat(restarts.pod(rotationOf(unseen))).map(RotatedPod::uid)
					.hasValue(unseen.getMetadata().getUid());
				assertThat(this.api.requestCount(NodePodsTests::isPodGet)).as("one GET for each of the two")
					.isEqualTo(2);
			});
	}

	@Test
	void aPodRecreatedUnderItsNameIsNeverTakenForAnother() throws Exception {
		Map<String, V1Pod> watched = new ConcurrentHashMap<>();
		NodePods pods = new NodePods((namespace, name) -> Optional.ofNullable(watched.get(namespace + "/" + name)),
				this.api.core());
		// the watch still shows the pod before; the API server has the new one
		watched.put(NAMESPACE + "/web-0", new V1Pod()
			.metadata(new V1ObjectMeta().namespace(NAMESPACE).name("web-0").uid("uid-of-the-pod-before")));
		V1Pod now = this.api.create(pod("web-0", NODE, "10.244.1.7"));

		assertThat(pods.find(NAMESPACE, "web-0", now.getMetadata().getUid())).map((pod) -> pod.getMetadata().getUid())
			.hasValue(now.getMetadata().getUid());
		assertThat(pods.find(NAMESPACE, "web-0", "uid-of-the-pod-before")).map((pod) -> pod.getMetadata().getUid())
			.hasValue("uid-of-the-pod-before");
		assertThat(pods.find(NAMESPACE, "web-0", "uid-of-neither")).isEmpty();
		assertThat(pods.find(NAMESPACE, "gone-0", "uid-gone")).as("404").isEmpty();
		assertThat(this.api.requestCount(NodePodsTests::isPodGet)).isEqualTo(3);
	}

	@Test
	void aPodKeepsOnlyWhatTheDriverReadsWhetherWatchedOrRead() throws Exception {
		V1Pod full = pod("web-0", NODE, "10.244.1.7");
		full.getMetadata()
			.uid("uid-web-0")
			.deletionTimestamp(OffsetDateTime.parse("2025-01-01T00:00:00Z"))
			.labels(Map.of("app", "web"));

		V1Pod kept = NodePods.projection(full);

		assertThat(kept.getSpec()).isNull();
		assertThat(kept.getStatus().getPodIP()).isEqualTo("10.244.1.7");
		assertThat(kept.getStatus().getPhase()).isNull();
		V1ObjectMeta metadata = kept.getMetadata();
		assertThat(metadata.getNamespace()).isEqualTo(NAMESPACE);
		assertThat(metadata.getName()).isEqualTo("web-0");
		assertThat(metadata.getUid()).isEqualTo("uid-web-0");
		assertThat(metadata.getDeletionTimestamp()).isEqualTo(full.getMetadata().getDeletionTimestamp());
		assertThat(metadata.getOwnerReferences()).extracting(V1OwnerReference::getName).containsExactly("web");
		assertThat(metadata.getAnnotations()).containsOnlyKeys(ReloadUrl.ANNOTATION, RestartOptIn.ANNOTATION);
		assertThat(metadata.getLabels()).isNullOrEmpty();
		// read by GET (the watch has not begun), the same projection
		V1Pod read = NodePods.watching(this.api.client(), this.api.core(), NODE)
			.find(NAMESPACE, "web-1", this.api.create(pod("web-1", NODE, "10.244.1.8")).getMetadata().getUid())
			.orElseThrow();
		assertThat(read.getSpec()).isNull();
		assertThat(read.getStatus().getPodIP()).isEqualTo("10.244.1.8");
		assertThat(read.getMetadata().getAnnotations()).containsOnlyKeys(ReloadUrl.ANNOTATION, RestartOptIn.ANNOTATION);
	}

	private static V1Pod pod(String name, String node, String ip) {
		return new V1Pod().apiVersion("v1")
			.kind("Pod")
			.metadata(new V1ObjectMeta().namespace(NAMESPACE)
				.name(name)
				.annotations(Map.of(ReloadUrl.ANNOTATION, "http://:8080/-/reload", RestartOptIn.ANNOTATION, "db",
						"kubectl.kubernetes.io/last-applied-configuration",
						"{\"large\": \"" + "x".repeat(4096) + "\"}"))
				.addOwnerReferencesItem(new V1OwnerReference().apiVersion("apps/v1")
					.kind("StatefulSet")
					.name("web")
					.uid("sts-uid")
					.controller(true)))
			.spec(new V1PodSpec().nodeName(node))
			.status(new V1PodStatus().podIP(ip).phase("Running"));
	}

	private static boolean isSame(V1Pod pod, V1Pod other) {
		return pod.getMetadata().getUid().equals(other.getMetadata().getUid());
	}

	private static boolean isPodGet(ApiRequest request) {
		return request.method().equals("GET") && request.path().matches("/api/v1/namespaces/[^/]+/pods/[^/]+");
	}

	private static RotationEvent rotationOf(V1Pod pod) {
		return new RotationEvent(Instant.now(), NAMESPACE, pod.getMetadata().getName(), pod.getMetadata().getUid(),
				"db", "vault", "/t", RotationTrigger.SCHEDULED, RotationEvent.Outcome.ROTATED,
				List.of(new VersionChange("secret/db", "1", "2")), null, null, Duration.ZERO);
	}

	/**
	 * This node's identity, as the CSI configuration gives it.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CsiProperties.class)
	static class Node {

		@Bean
		NodeIdentity nodeIdentity(CsiProperties csi) {
			return new NodeIdentity(csi.nodeId(), csi.driverName());
		}

	}

}
