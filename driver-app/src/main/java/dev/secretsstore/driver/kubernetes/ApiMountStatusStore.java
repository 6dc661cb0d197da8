package dev.secretsstore.driver.kubernetes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.secretsstore.driver.model.CustomResources;
import dev.secretsstore.driver.model.SecretProviderClassPodStatus;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.status.PodStatusDocuments;
import dev.secretsstore.driver.status.VolumeAnnotations;
import dev.secretsstore.driver.status.MountStatusStore;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1Preconditions;
import io.kubernetes.client.util.PatchUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode's store: SecretProviderClassPodStatus objects named as the Go driver names
 * them, {@code <pod>-<namespace>-<spc>}, and deleted on unpublish of their last volume
 * unless another pod of the same name has taken them over (the Go driver leaves that to
 * garbage collection through the pod owner; deleting at once keeps {@link #loadAll()} to
 * the volumes still mounted, so a restarted driver never resumes rotating a volume that
 * is gone, and the owner reference still cleans up after a driver that died mid-way).
 *
 * <p>
 * Two volumes of one pod that use one SecretProviderClass share that name. The status
 * shows the volume written last, as the Go driver's does, and each volume also has its
 * own annotation ({@link PodStatusObjects}): without it the second volume's record
 * replaced the first's, which a restart then lost, and unpublishing the first deleted the
 * second's record.
 */
public class ApiMountStatusStore implements MountStatusStore {

	private static final Logger logger = LoggerFactory.getLogger(ApiMountStatusStore.class);

	private static final int NOT_FOUND = 404;

	private static final int CONFLICT = 409;

	// read-modify-write attempts on a shared object before giving up (a conflict means
	// another volume of the pod
	// wrote it in between)
	private static final int ATTEMPTS = 3;

	private final CustomObjectsApi api;

	private final PodStatusObjects objects;

	private final String nodeId;

	public ApiMountStatusStore(CustomObjectsApi api, PodStatusDocuments documents, String nodeId) {
		this.api = api;
		this.objects = new PodStatusObjects(documents);
		this.nodeId = nodeId;
	}

	@Override
	public void save(MountedVolume volume) throws IOException {
		Map<String, Object> object = this.objects.objectOf(volume);
		try {
			this.api
				.createNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, volume.pod().namespace(),
						CustomResources.POD_STATUSES, object)
				.execute();
		}
		catch (ApiException ex) {
			if (ex.getCode() != CONFLICT) {
				throw failure("create", volume, ex);
			}
			for (int attempt = 1; !takeOver(volume, object); attempt++) {
				if (attempt == ATTEMPTS) {
					throw new IOException(nameOf(volume) + " kept changing while it was written");
				}
			}
		}
	}

	/**
	 * Writes {@code ours} over the existing object of the same name: another volume of
	 * the same pod and class, a StatefulSet pod recreated with its old name (maybe on
	 * another node), or a rotation updating the versions (see
	 * {@link PodStatusObjects#takenOver}).
	 * @return false on a conflict: the object changed since it was read
	 */
	private boolean takeOver(MountedVolume volume, Map<String, Object> ours) throws IOException {
		Map<String, Object> existing = read(volume, "get")
			.orElseThrow(() -> new IOException(nameOf(volume) + " was deleted while it was written"));
		return replace(volume, this.objects.takenOver(existing, ours, volume.pod()));
	}

	/**
	 * One JSON merge patch of the status and our annotations, this volume's own among
	 * them (no read, no resourceVersion: this node owns the object, and each volume
	 * patches only its own annotation); a status deleted meanwhile is created again.
	 */
	@Override
	public void update(MountedVolume volume) throws IOException {
		Map<String, Object> object = this.objects.objectOf(volume);
		Map<String, Object> annotations = PodStatusObjects.mapAt(PodStatusObjects.mapAt(object, "metadata"),
				"annotations");
		Map<String, Object> patch = Map.of("metadata", Map.of("annotations", annotations), "status",
				object.get("status"));
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
	 * Removes the volume's record. The last volume of an object deletes it, unless a pod
	 * recreated under the same name has taken it over: kubelet may unpublish the old
	 * pod's volume after the new pod's publish (a StatefulSet pod force-deleted and
	 * recreated on this node, or on another while this node's kubelet lagged), and the
	 * status is the new pod's by then. Each attempt is one read, then a replace or delete
	 * with that read as precondition, so neither a takeover nor another volume's write in
	 * between is undone.
	 */
	@Override
	public void delete(MountedVolume volume) throws IOException {
		for (int attempt = 1; !deleteOnce(volume); attempt++) {
			if (attempt == ATTEMPTS) {
				throw new IOException(nameOf(volume) + " kept changing while it was deleted");
			}
		}
	}

	/**
	 * @return false on a conflict: the object changed since it was read
	 */
	private boolean deleteOnce(MountedVolume volume) throws IOException {
		Optional<Map<String, Object>> existing = read(volume, "delete");
		if (existing.isEmpty()) {
			return true;
		}
		Map<String, Object> metadata = PodStatusObjects.mapAt(existing.get(), "metadata");
		if (VolumeAnnotations.ownedByAnotherPod(metadata, volume.pod())) {
			logger.debug("Leaving {} to pod {} (uid {}), which took it over", nameOf(volume), volume.pod(),
					VolumeAnnotations.podOwnerUid(metadata));
			return true;
		}
		Optional<Map<String, Object>> rest = this.objects.without(existing.get(), volume);
		if (rest.isPresent()) {
			return replace(volume, rest.get());
		}
		V1DeleteOptions unchanged = new V1DeleteOptions()
			.preconditions(new V1Preconditions().uid(String.valueOf(metadata.get("uid")))
				.resourceVersion(String.valueOf(metadata.get("resourceVersion"))));
		try {
			this.api
				.deleteNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, volume.pod().namespace(),
						CustomResources.POD_STATUSES, volume.statusName())
				.body(unchanged)
				.execute();
			return true;
		}
		catch (ApiException ex) {
			return gone(ex, "delete", volume);
		}
	}

	private Optional<Map<String, Object>> read(MountedVolume volume, String action) throws IOException {
		try {
			return Optional.of(
					CustomResources.write(this.api
						.getNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION,
								volume.pod().namespace(), CustomResources.POD_STATUSES, volume.statusName())
						.execute()));
		}
		catch (ApiException ex) {
			if (ex.getCode() == NOT_FOUND) {
				return Optional.empty();
			}
			throw failure(action, volume, ex);
		}
	}

	/**
	 * Replaces the object with {@code object}, whose resourceVersion is the one read.
	 * @return false on a conflict: the object changed since it was read
	 */
	private boolean replace(MountedVolume volume, Map<String, Object> object) throws IOException {
		try {
			this.api
				.replaceNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, volume.pod().namespace(),
						CustomResources.POD_STATUSES, volume.statusName(), object)
				.execute();
			return true;
		}
		catch (ApiException ex) {
			return gone(ex, "update", volume);
		}
	}

	/**
	 * @return false on a conflict, true when the object is gone
	 * @throws IOException on any other failure
	 */
	private static boolean gone(ApiException ex, String action, MountedVolume volume) throws IOException {
		if (ex.getCode() == CONFLICT) {
			return false;
		}
		if (ex.getCode() == NOT_FOUND) {
			return true;
		}
		throw failure(action, volume, ex);
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
			throw new IOException(
					KubernetesApiException.describe("list", "secretproviderclasspodstatuses with " + selector, ex), ex);
		}
		List<MountedVolume> volumes = new ArrayList<>();
		for (Object item : itemsOf(list)) {
			try {
				volumes.addAll(this.objects.volumesOf(item));
			}
			catch (IllegalArgumentException ex) {
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

	private static String nameOf(MountedVolume volume) {
		return "secretproviderclasspodstatus " + volume.pod().namespace() + "/" + volume.statusName();
	}

	private static IOException failure(String action, MountedVolume volume, ApiException ex) {
		return new IOException(KubernetesApiException.describe(action, nameOf(volume), ex), ex);
	}

}
