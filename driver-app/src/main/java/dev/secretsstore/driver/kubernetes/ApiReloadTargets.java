package dev.secretsstore.driver.kubernetes;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import dev.secretsstore.driver.reload.ReloadTargets;
import dev.secretsstore.driver.reload.ReloadUrl;
import dev.secretsstore.driver.rotation.RotationEvent;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;

/**
 * Cluster mode's reload targets: the pod, looked up once per rotation that changed its
 * files (never for an idle pass) among the {@link NodePods} (from the watch of this
 * node's pods, by GET when the watch has not got it), opts in with its
 * {@value ReloadUrl#ANNOTATION} annotation, and is called on its own IP. A pod that is
 * gone, or whose name now belongs to a pod with another UID, is not called.
 */
public final class ApiReloadTargets implements ReloadTargets {

	private final NodePods pods;

	public ApiReloadTargets(NodePods pods) {
		this.pods = pods;
	}

	@Override
	public Optional<URI> of(RotationEvent event) {
		Optional<V1Pod> found;
		try {
			found = this.pods.find(event.namespace(), event.pod(), event.podUid());
		}
		catch (ApiException ex) {
			throw new IllegalStateException(
					"reading pod " + event.namespace() + "/" + event.pod() + " failed: HTTP " + ex.getCode(), ex);
		}
		if (found.isEmpty()) {
			return Optional.empty();
		}
		V1Pod pod = found.get();
		Map<String, String> annotations = pod.getMetadata().getAnnotations();
		String url = (annotations != null) ? annotations.get(ReloadUrl.ANNOTATION) : null;
		if (url == null || url.isBlank()) {
			return Optional.empty();
		}
		String podIp = (pod.getStatus() != null) ? pod.getStatus().getPodIP() : null;
		if (podIp == null || podIp.isBlank()) {
			throw new IllegalStateException("pod " + event.namespace() + "/" + event.pod() + " has no IP");
		}
		return Optional.of(ReloadUrl.resolve(url, podIp));
	}

}
