package dev.secretsstore.driver.kubernetes;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import dev.secretsstore.driver.reload.ReloadUrl;
import dev.secretsstore.driver.restart.RestartOptIn;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.options.ListOptions;

/**
 * The pods of this node, as the driver reads them after a rotation or a sync: from a
 * watch of the pods on this node ({@code spec.nodeName}, as the Go driver's cache), or,
 * for a pod the watch has not shown yet (or before the watch has begun, or while the API
 * server forbids it), with a GET. Secret sync, reload hooks and workload restarts share
 * it, so a rotated pod already in the watch costs no request.
 * <p>
 * A pod is asked for by namespace, name and UID: a pod recreated under the same name is
 * another pod, and is never returned in its place. What is kept of a pod, whether watched
 * or read, is only what the driver reads ({@link #projection}): annotations can be large,
 * so only the two the driver reads are kept.
 * <p>
 * The watch begins at {@link #start()}: with the first volume that syncs a Secret, and
 * when reload hooks or restarts are on.
 */
public final class NodePods implements AutoCloseable {

	/** What the watch is called in logs and health. */
	public static final String DESCRIPTION = "pods on this node";

	private static final int NOT_FOUND = 404;

	private final BiFunction<String, String, Optional<V1Pod>> watched;

	private final CoreV1Api core;

	private final WatchedObjects<V1Pod, V1Pod> watch;

	/**
	 * Pods as {@code watched} has them (a watch kept elsewhere, such as a test's), read
	 * from the API when it has not got them; {@link #start()} and {@link #close()} do
	 * nothing.
	 * @param watched the pods by namespace and name, as a watch has them
	 * @param core reads a pod the watch has not got
	 */
	public NodePods(BiFunction<String, String, Optional<V1Pod>> watched, CoreV1Api core) {
		this(watched, core, null);
	}

	private NodePods(BiFunction<String, String, Optional<V1Pod>> watched, CoreV1Api core,
			WatchedObjects<V1Pod, V1Pod> watch) {
		this.watched = watched;
		this.core = core;
		this.watch = watch;
	}

	/**
	 * The pods of {@code node}, watched (from {@link #start()} on) with
	 * {@code watchClient} and read with {@code core} when the watch has not got them.
	 * @param watchClient the client without read timeout that watches use
	 * @param core reads a pod the watch has not got
	 * @param node this node's name
	 */
	public static NodePods watching(ApiClient watchClient, CoreV1Api core, String node) {
		WatchedObjects<V1Pod, V1Pod> watch = WatchedObjects.prepare(DESCRIPTION, V1Pod.class,
				new GenericKubernetesApi<>(V1Pod.class, V1PodList.class, "", "v1", "pods", watchClient),
				new ListOptions().fieldSelector("spec.nodeName=" + node), NodePods::projection,
				"the driver's service account needs get, list and watch on pods (the chart's secretproviderclasses-role); "
						+ "Secrets get their owners, reload hooks and restarts their pods by GET meanwhile");
		return new NodePods(watch::get, core, watch);
	}

	/**
	 * Begins the watch, once; later calls, and calls on pods without a watch of their
	 * own, do nothing.
	 */
	public void start() {
		if (this.watch != null) {
			this.watch.start();
		}
	}

	/**
	 * The watch, for health reports; empty for pods without a watch of their own.
	 */
	public Optional<WatchedObjects<V1Pod, V1Pod>> watch() {
		return Optional.ofNullable(this.watch);
	}

	/**
	 * The pod {@code namespace/name} whose UID is {@code uid}, as {@linkplain #projection
	 * projected}: from the watch when it has it, else read from the API.
	 * @param uid the pod's UID; blank or {@code null} for whichever pod has the name
	 * @return empty when the pod is gone, or the name now belongs to a pod with another
	 * UID
	 * @throws ApiException when the API server fails (other than 404)
	 */
	public Optional<V1Pod> find(String namespace, String name, String uid) throws ApiException {
		Optional<V1Pod> seen = this.watched.apply(namespace, name).filter((pod) -> isSame(pod, uid));
		if (seen.isPresent()) {
			return seen;
		}
		V1Pod read;
		try {
			read = this.core.readNamespacedPod(name, namespace).execute();
		}
		catch (ApiException ex) {
			if (ex.getCode() == NOT_FOUND) {
				return Optional.empty();
			}
			throw ex;
		}
		return Optional.ofNullable(read).filter((pod) -> isSame(pod, uid)).map(NodePods::projection);
	}

	@Override
	public void close() {
		if (this.watch != null) {
			this.watch.close();
		}
	}

	@Override
	public String toString() {
		return DESCRIPTION;
	}

	private static boolean isSame(V1Pod pod, String uid) {
		// a pod recreated under the same name is another pod
		return pod.getMetadata() != null && (uid == null || uid.isBlank() || uid.equals(pod.getMetadata().getUid()));
	}

	/**
	 * What the driver reads of a pod: its identity (namespace, name, UID), owners and
	 * deletion timestamp (the owners of a synced Secret), the annotations
	 * {@value ReloadUrl#ANNOTATION} (reload hooks) and {@value RestartOptIn#ANNOTATION}
	 * (restarts) and nothing else, and {@code status.podIP} (where a reload hook is
	 * called).
	 */
	public static V1Pod projection(V1Pod pod) {
		V1ObjectMeta metadata = pod.getMetadata();
		V1Pod kept = new V1Pod().metadata(new V1ObjectMeta().namespace(metadata.getNamespace())
			.name(metadata.getName())
			.uid(metadata.getUid())
			.ownerReferences(metadata.getOwnerReferences())
			.deletionTimestamp(metadata.getDeletionTimestamp())
			.annotations(readAnnotations(metadata.getAnnotations())));
		String podIp = (pod.getStatus() != null) ? pod.getStatus().getPodIP() : null;
		if (podIp != null) {
			kept.status(new V1PodStatus().podIP(podIp));
		}
		return kept;
	}

	private static Map<String, String> readAnnotations(Map<String, String> annotations) {
		if (annotations == null) {
			return null;
		}
		Map<String, String> read = new HashMap<>();
		for (String name : new String[] { ReloadUrl.ANNOTATION, RestartOptIn.ANNOTATION }) {
			String value = annotations.get(name);
			if (value != null) {
				read.put(name, value);
			}
		}
		return read.isEmpty() ? null : Map.copyOf(read);
	}

}
