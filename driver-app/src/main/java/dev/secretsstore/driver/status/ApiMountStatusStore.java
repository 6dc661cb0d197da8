package dev.secretsstore.driver.status;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.kubernetes.CustomResources;
import dev.secretsstore.driver.kubernetes.KubernetesApiException;
import dev.secretsstore.driver.kubernetes.model.SecretProviderClassPodStatus;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1Preconditions;
import io.kubernetes.client.util.PatchUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Cluster mode's store: one SecretProviderClassPodStatus object per mounted volume, created as the Go driver does
 * and deleted on unpublish unless another pod of the same name has taken it over (the Go driver leaves that to
 * garbage collection through the pod owner; deleting at once keeps {@link #loadAll()} to the volumes still mounted,
 * so a restarted driver never resumes rotating a volume that is gone, and the owner reference still cleans up after
 * a driver that died mid-way).
 */
public class ApiMountStatusStore implements MountStatusStore {

	private static final Logger logger = LoggerFactory.getLogger(ApiMountStatusStore.class);

	private static final int NOT_FOUND = 404;

	private static final int CONFLICT = 409;

	private final CustomObjectsApi api;

	private final PodStatusDocuments documents;

	private final String nodeId;

	public ApiMountStatusStore(CustomObjectsApi api, PodStatusDocuments documents, String nodeId) {
		this.api = api;
		this.documents = documents;
		this.nodeId = nodeId;
	}

	@Override
	public void save(MountedVolume volume) throws IOException {
		Map<String, Object> document = CustomResources.write(this.documents.toDocument(volume));
		String namespace = volume.pod().namespace();
		try {
			this.api
				.createNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, namespace,
						CustomResources.POD_STATUSES, document)
				.execute();
		}
		catch (ApiException ex) {
			if (ex.getCode() != CONFLICT) {
				throw failure("create", volume, ex);
			}
			takeOver(volume, document);
		}
	}

	/**
	 * Replaces an existing status of the same name: a StatefulSet pod recreated with its old name, maybe on another
	 * node, or a rotation updating the versions. The existing object is kept as read (finalizers, other labels and
	 * annotations survive) and only the node label, our annotations, the owner and the status become ours.
	 */
	private void takeOver(MountedVolume volume, Map<String, Object> ours) throws IOException {
		String namespace = volume.pod().namespace();
		Map<String, Object> existing;
		try {
			existing = CustomResources.write(this.api
				.getNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, namespace,
						CustomResources.POD_STATUSES, volume.statusName())
				.execute());
		}
		catch (ApiException ex) {
			throw failure("get", volume, ex);
		}
		Map<String, Object> oursMetadata = mapAt(ours, "metadata");
		Map<String, Object> metadata = mapAt(existing, "metadata");
		merge(metadata, oursMetadata, "labels");
		merge(metadata, oursMetadata, "annotations");
		metadata.put("ownerReferences", oursMetadata.get("ownerReferences"));
		existing.put("metadata", metadata);
		existing.put("status", ours.get("status"));
		try {
			this.api
				.replaceNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, namespace,
						CustomResources.POD_STATUSES, volume.statusName(), existing)
				.execute();
		}
		catch (ApiException ex) {
			throw failure("update", volume, ex);
		}
	}

	/**
	 * One JSON merge patch of the status and the provider annotation (no read, no resourceVersion: this node owns
	 * the object); a status deleted meanwhile is created again.
	 */
	@Override
	public void update(MountedVolume volume) throws IOException {
		Map<String, Object> document = CustomResources.write(this.documents.toDocument(volume));
		Map<String, Object> annotations = mapAt(mapAt(document, "metadata"), "annotations");
		Map<String, Object> patch = Map.of("metadata", Map.of("annotations", annotations), "status",
				document.get("status"));
		try {
			PatchUtils.patch(Object.class,
					() -> this.api
						.patchNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION,
								volume.pod().namespace(), CustomResources.POD_STATUSES, volume.statusName(), patch)
						.buildCall(null),
					V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, this.api.getApiClient());
		}
		catch (ApiException ex) {
			if (ex.getCode() != NOT_FOUND) {
				throw failure("update", volume, ex);
			}
			save(volume);
		}
	}

	/**
	 * Deletes the volume's status unless a pod recreated under the same name has taken it over: kubelet may
	 * unpublish the old pod's volume after the new pod's publish (a StatefulSet pod force-deleted and recreated on
	 * this node, or on another while this node's kubelet lagged), and the status is the new pod's by then. One read,
	 * then a delete with that read as precondition, so a takeover in between is not undone either.
	 */
	@Override
	public void delete(MountedVolume volume) throws IOException {
		Map<String, Object> metadata;
		try {
			metadata = mapAt(CustomResources.write(this.api
				.getNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, volume.pod().namespace(),
						CustomResources.POD_STATUSES, volume.statusName())
				.execute()), "metadata");
		}
		catch (ApiException ex) {
			if (ex.getCode() == NOT_FOUND) {
				return;
			}
			throw failure("delete", volume, ex);
		}
		String owner = podOwnerUid(metadata);
		if (owner != null && !owner.equals(volume.pod().uid()) && !volume.pod().uid().isBlank()) {
			logger.debug("Leaving secretproviderclasspodstatus {}/{} to pod {} (uid {}), which took it over",
					volume.pod().namespace(), volume.statusName(), volume.pod(), owner);
			return;
		}
		V1DeleteOptions unchanged = new V1DeleteOptions().preconditions(new V1Preconditions()
			.uid(String.valueOf(metadata.get("uid")))
			.resourceVersion(String.valueOf(metadata.get("resourceVersion"))));
		try {
			this.api
				.deleteNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION,
						volume.pod().namespace(), CustomResources.POD_STATUSES, volume.statusName())
				.body(unchanged)
				.execute();
		}
		catch (ApiException ex) {
			// a conflict: the status changed since it was read, most likely taken over by the new pod
			if (ex.getCode() != NOT_FOUND && ex.getCode() != CONFLICT) {
				throw failure("delete", volume, ex);
			}
		}
	}

	private static String podOwnerUid(Map<String, Object> metadata) {
		if (metadata.get("ownerReferences") instanceof List<?> owners) {
			for (Object owner : owners) {
				if (owner instanceof Map<?, ?> reference && "Pod".equals(reference.get("kind"))
						&& reference.get("uid") != null) {
					return reference.get("uid").toString();
				}
			}
		}
		return null;
	}

	@Override
	public List<MountedVolume> loadAll() throws IOException {
		String selector = SecretProviderClassPodStatus.NODE_LABEL + "=" + this.nodeId;
		Object list;
		try {
			list = this.api
				.listCustomObjectForAllNamespaces(CustomResources.GROUP, CustomResources.VERSION,
						CustomResources.POD_STATUSES)
				.labelSelector(selector)
				.execute();
		}
		catch (ApiException ex) {
			throw new IOException(KubernetesApiException.describe("list", "secretproviderclasspodstatuses with "
					+ selector, ex), ex);
		}
		List<MountedVolume> volumes = new ArrayList<>();
		for (Object item : itemsOf(list)) {
			try {
				volumes.add(this.documents.toVolume(CustomResources.read(item, SecretProviderClassPodStatus.class)));
			}
			catch (JacksonException | IllegalArgumentException ex) {
				logger.warn("Ignoring secretproviderclasspodstatus {}: {}", nameOf(item), ex.getMessage());
			}
		}
		return volumes;
	}

	private static List<?> itemsOf(Object list) {
		if (list instanceof Map<?, ?> map && map.get("items") instanceof List<?> items) {
			return items;
		}
		return List.of();
	}

	private static Object nameOf(Object item) {
		if (item instanceof Map<?, ?> map && map.get("metadata") instanceof Map<?, ?> metadata) {
			return metadata.get("namespace") + "/" + metadata.get("name");
		}
		return item;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> mapAt(Map<String, Object> object, String key) {
		Object value = object.get(key);
		return (value instanceof Map<?, ?> map) ? new LinkedHashMap<>((Map<String, Object>) map)
				: new LinkedHashMap<>();
	}

	private static void merge(Map<String, Object> target, Map<String, Object> source, String key) {
		Map<String, Object> merged = mapAt(target, key);
		merged.putAll(mapAt(source, key));
		target.put(key, merged);
	}

	private static IOException failure(String action, MountedVolume volume, ApiException ex) {
		String object = "secretproviderclasspodstatus " + volume.pod().namespace() + "/" + volume.statusName();
		return new IOException(KubernetesApiException.describe(action, object, ex), ex);
	}

}
