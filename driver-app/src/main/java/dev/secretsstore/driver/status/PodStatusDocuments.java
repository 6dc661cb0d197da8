package dev.secretsstore.driver.status;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.secretsstore.driver.model.ObjectMeta;
import dev.secretsstore.driver.model.ObjectMeta.OwnerReference;
import dev.secretsstore.driver.model.SecretProviderClassPodStatus;
import dev.secretsstore.driver.model.SecretProviderClassPodStatus.SecretProviderClassObject;
import dev.secretsstore.driver.model.SecretProviderClassPodStatus.Status;
import dev.secretsstore.driver.mount.FileGroup;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.provider.ObjectVersion;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts between a mounted volume and its SecretProviderClassPodStatus document: the
 * upstream name, node label, pod owner and status, plus two annotations of ours (volume
 * id and volume context) that let the driver resume rotating the volume after a restart.
 */
public final class PodStatusDocuments {

	/** Annotation holding kubelet's volume id. */
	public static final String VOLUME_ID_ANNOTATION = "csi.secrets-store.dev/volume-id";

	/**
	 * Annotation holding kubelet's volume context as JSON, without service-account
	 * tokens.
	 */
	public static final String VOLUME_CONTEXT_ANNOTATION = "csi.secrets-store.dev/volume-context";

	/**
	 * Annotation holding the provider name, which the SecretProviderClass may change
	 * later.
	 */
	public static final String PROVIDER_ANNOTATION = "csi.secrets-store.dev/provider";

	/**
	 * Annotation holding the group id the volume's files belong to (the pod's fsGroup),
	 * when they belong to one; a rotation after a restart writes its files with it.
	 */
	public static final String FS_GROUP_ANNOTATION = "csi.secrets-store.dev/fs-group";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String nodeId;

	public PodStatusDocuments(String nodeId) {
		this.nodeId = nodeId;
	}

	/**
	 * The document recording {@code volume}.
	 */
	public SecretProviderClassPodStatus toDocument(MountedVolume volume) {
		PodRef pod = volume.pod();
		OwnerReference owner = new OwnerReference("v1", "Pod", pod.name(), pod.uid());
		Map<String, String> annotations = new TreeMap<>(Map.of(VOLUME_ID_ANNOTATION, volume.volumeId(),
				VOLUME_CONTEXT_ANNOTATION, JSON.writeValueAsString(new TreeMap<>(volume.volumeContext())),
				PROVIDER_ANNOTATION, volume.provider()));
		if (volume.fileGroup().isSet()) {
			annotations.put(FS_GROUP_ANNOTATION, Integer.toString(volume.fileGroup().gid()));
		}
		ObjectMeta metadata = new ObjectMeta(volume.statusName(), pod.namespace(), null, null,
				Map.of(SecretProviderClassPodStatus.NODE_LABEL, this.nodeId), annotations, List.of(owner));
		List<SecretProviderClassObject> objects = volume.objectVersions()
			.stream()
			.map((version) -> new SecretProviderClassObject(version.id(), version.version()))
			.toList();
		Status status = new Status(pod.name(), volume.secretProviderClass(), true, volume.targetPath().toString(),
				objects);
		return new SecretProviderClassPodStatus(SecretProviderClassPodStatus.API_VERSION,
				SecretProviderClassPodStatus.KIND, metadata, status);
	}

	/**
	 * The volume {@code document} records.
	 * @throws IllegalArgumentException when the document lacks what a volume needs
	 */
	public MountedVolume toVolume(SecretProviderClassPodStatus document) {
		ObjectMeta metadata = document.metadata();
		Status status = document.status();
		if (status == null || status.targetPath() == null || status.podName() == null) {
			throw new IllegalArgumentException("pod status " + metadata.name() + " has no podName or targetPath");
		}
		String podUid = metadata.ownerReferences()
			.stream()
			.filter((owner) -> "Pod".equals(owner.kind()))
			.map(OwnerReference::uid)
			.findFirst()
			.orElse("");
		Map<String, String> context = JSON
			.readValue(metadata.annotations().getOrDefault(VOLUME_CONTEXT_ANNOTATION, "{}"), new TypeReference<>() {
			});
		List<ObjectVersion> versions = status.objects()
			.stream()
			.map((object) -> new ObjectVersion(object.id(), object.version()))
			.toList();
		return new MountedVolume(metadata.annotations().getOrDefault(VOLUME_ID_ANNOTATION, ""),
				Path.of(status.targetPath()), new PodRef(metadata.namespace(), status.podName(), podUid),
				status.secretProviderClassName(), metadata.annotations().getOrDefault(PROVIDER_ANNOTATION, ""), context,
				versions, fileGroup(metadata));
	}

	private static FileGroup fileGroup(ObjectMeta metadata) {
		try {
			return FileGroup.parse(metadata.annotations().getOrDefault(FS_GROUP_ANNOTATION, ""));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("pod status " + metadata.name() + " has an invalid annotation "
					+ FS_GROUP_ANNOTATION + ": " + ex.getMessage(), ex);
		}
	}

}
