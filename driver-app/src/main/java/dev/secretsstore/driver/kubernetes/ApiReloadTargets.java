package dev.secretsstore.driver.kubernetes;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import dev.secretsstore.driver.reload.ReloadTargets;
import dev.secretsstore.driver.reload.ReloadUrl;
import dev.secretsstore.driver.rotation.RotationEvent;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;

/**
 * Cluster mode's reload targets: the pod, read from the API server once per rotation that
 * changed its files (never for an idle pass), opts in with its
 * {@value ReloadUrl#ANNOTATION} annotation, and is called on its own IP. A pod that is
 * gone, or whose name now belongs to a pod with another UID, is not called.
 */
public final class ApiReloadTargets implements ReloadTargets {

	private static final int NOT_FOUND = 404;

	private final CoreV1Api api;

	public ApiReloadTargets(CoreV1Api api) {
		this.api = api;
	}

	@Override
	public Optional<URI> of(RotationEvent event) {
		V1Pod pod;
		try {
			pod = this.api.readNamespacedPod(event.pod(), event.namespace()).execute();
		}
		catch (ApiException ex) {
			if (ex.getCode() == NOT_FOUND) {
				return Optional.empty();
			}
			throw new IllegalStateException(
					"reading pod " + event.namespace() + "/" + event.pod() + " failed: HTTP " + ex.getCode(), ex);
		}
		if (pod.getMetadata() == null
				|| (!event.podUid().isEmpty() && !event.podUid().equals(pod.getMetadata().getUid()))) {
			return Optional.empty();
		}
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
