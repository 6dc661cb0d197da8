package dev.secretsstore.driver.kubernetes;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.reload.ReloadUrl;
import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.rotation.RotationTrigger;
import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.driver.volume.VersionChange;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Reload targets read from pods on the API server double, over HTTP.
 */
class ApiReloadTargetsTests {

	private final KubernetesApiDouble api = KubernetesApiDouble.start();

	// a watch that has not begun: every pod is read by GET
	private final ApiReloadTargets targets = new ApiReloadTargets(
			NodePods.watching(this.api.client(), this.api.core(), "node-a"));

	@AfterEach
	void stop() {
		this.api.close();
	}

	@Test
	void aPodThatOptsInIsCalledOnItsOwnIp() {
		V1Pod pod = pod("web-0", Map.of(ReloadUrl.ANNOTATION, "http://:8080/-/reload"), "10.244.1.7");
		assertThat(this.targets.of(rotationOf(pod))).hasValue(URI.create("http://10.244.1.7:8080/-/reload"));
	}

	@Test
	void aPodWithoutTheAnnotationAPodGoneAndAPodOfAnotherUidAreNotCalled() {
		V1Pod plain = pod("plain-0", Map.of(), "10.244.1.8");
		assertThat(this.targets.of(rotationOf(plain))).isEmpty();
		V1Pod replaced = pod("web-1", Map.of(ReloadUrl.ANNOTATION, "http://:8080/-/reload"), "10.244.1.9");
		RotationEvent ofTheOldPod = rotation("web-1", "uid-of-the-pod-before");
		assertThat(this.targets.of(ofTheOldPod)).isEmpty();
		assertThat(this.targets.of(rotation("gone-0", "uid-gone"))).isEmpty();
		assertThat(replaced.getMetadata().getUid()).isNotEqualTo("uid-of-the-pod-before");
	}

	@Test
	void anAnnotationNamingAnotherHostIsRefused() {
		V1Pod pod = pod("web-2", Map.of(ReloadUrl.ANNOTATION, "http://10.0.0.1:8080/-/reload"), "10.244.1.10");
		assertThatIllegalArgumentException().isThrownBy(() -> this.targets.of(rotationOf(pod)))
			.withMessageContaining("it names a host");
	}

	private V1Pod pod(String name, Map<String, String> annotations, String ip) {
		return this.api.create(new V1Pod().apiVersion("v1")
			.kind("Pod")
			.metadata(new V1ObjectMeta().namespace("default").name(name).uid("uid-" + name).annotations(annotations))
			.status(new V1PodStatus().podIP(ip)));
	}

	private static RotationEvent rotationOf(V1Pod pod) {
		return rotation(pod.getMetadata().getName(), pod.getMetadata().getUid());
	}

	private static RotationEvent rotation(String pod, String uid) {
		return new RotationEvent(Instant.now(), "default", pod, uid, "app", "vault", "/t", RotationTrigger.SCHEDULED,
				RotationEvent.Outcome.ROTATED, List.of(new VersionChange("secret/db", "1", "2")), null, null,
				Duration.ZERO);
	}

}
