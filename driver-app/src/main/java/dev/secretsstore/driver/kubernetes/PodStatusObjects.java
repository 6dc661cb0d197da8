package dev.secretsstore.driver.kubernetes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.secretsstore.driver.model.CustomResources;
import dev.secretsstore.driver.model.SecretProviderClassPodStatus;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.status.PodStatusDocuments;
import dev.secretsstore.driver.status.VolumeAnnotations;
import tools.jackson.core.JacksonException;

/**
 * The edits {@link ApiMountStatusStore} makes to SecretProviderClassPodStatus objects as
 * the API server returns them (plain maps, so that fields this driver does not know
 * survive a replace). Each volume of the object has its own annotation
 * ({@link VolumeAnnotations}); the status shows one of them.
 */
final class PodStatusObjects {

	private final PodStatusDocuments documents;

	PodStatusObjects(PodStatusDocuments documents) {
		this.documents = documents;
	}

	/**
	 * The object recording {@code volume}, with its own volume annotation.
	 */
	Map<String, Object> objectOf(MountedVolume volume) {
		Map<String, Object> object = CustomResources.write(this.documents.toDocument(volume));
		Map<String, Object> metadata = mapAt(object, "metadata");
		Map<String, Object> annotations = mapAt(metadata, "annotations");
		annotations.put(VolumeAnnotations.keyOf(volume), VolumeAnnotations.valueOf(volume));
		metadata.put("annotations", annotations);
		object.put("metadata", metadata);
		return object;
	}

	/**
	 * Every volume {@code object} records.
	 * @throws IllegalArgumentException when it cannot be read as a volume's record
	 */
	List<MountedVolume> volumesOf(Object object) {
		try {
			return VolumeAnnotations.volumesOf(CustomResources.read(object, SecretProviderClassPodStatus.class),
					this.documents);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * {@code existing} with {@code ours} (the object of {@code volume}) written over it:
	 * the node label, our annotations, the owner and the status become ours; finalizers,
	 * other labels and annotations stay, and so do the other volumes' annotations unless
	 * the object was another pod's (a pod recreated under the same name). A volume the
	 * status showed without an annotation of its own (an object of an earlier version or
	 * of the Go driver) gets one first.
	 */
	Map<String, Object> takenOver(Map<String, Object> existing, Map<String, Object> ours, PodRef pod) {
		Map<String, Object> object = new LinkedHashMap<>(existing);
		Map<String, Object> oursMetadata = mapAt(ours, "metadata");
		Map<String, Object> metadata = mapAt(existing, "metadata");
		Map<String, Object> annotations = mapAt(metadata, "annotations");
		if (VolumeAnnotations.ownedByAnotherPod(metadata, pod)) {
			annotations.keySet().removeIf(VolumeAnnotations::isVolumeKey);
		}
		else {
			shownVolume(existing).ifPresent((shown) -> annotations.putIfAbsent(VolumeAnnotations.keyOf(shown),
					VolumeAnnotations.valueOf(shown)));
		}
		annotations.putAll(mapAt(oursMetadata, "annotations"));
		metadata.put("annotations", annotations);
		Map<String, Object> labels = mapAt(metadata, "labels");
		labels.putAll(mapAt(oursMetadata, "labels"));
		metadata.put("labels", labels);
		metadata.put("ownerReferences", oursMetadata.get("ownerReferences"));
		object.put("metadata", metadata);
		object.put("status", ours.get("status"));
		return object;
	}

	/**
	 * {@code existing} without {@code volume}: its annotation removed and, when the
	 * status showed it, another volume shown instead, so the status never names a volume
	 * that is gone.
	 * @return empty when no other volume is left, and the object is to be deleted
	 */
	Optional<Map<String, Object>> without(Map<String, Object> existing, MountedVolume volume) {
		List<MountedVolume> others;
		try {
			others = volumesOf(existing).stream()
				.filter((other) -> !other.targetPath().equals(volume.targetPath()))
				.toList();
		}
		catch (IllegalArgumentException ex) {
			// unreadable: deleted, as before volumes had annotations
			return Optional.empty();
		}
		if (others.isEmpty()) {
			return Optional.empty();
		}
		Map<String, Object> object = new LinkedHashMap<>(existing);
		Map<String, Object> metadata = mapAt(existing, "metadata");
		Map<String, Object> annotations = mapAt(metadata, "annotations");
		annotations.remove(VolumeAnnotations.keyOf(volume));
		if (volume.targetPath().toString().equals(mapAt(existing, "status").get("targetPath"))) {
			Map<String, Object> shown = objectOf(others.get(0));
			annotations.putAll(mapAt(mapAt(shown, "metadata"), "annotations"));
			object.put("status", shown.get("status"));
		}
		metadata.put("annotations", annotations);
		object.put("metadata", metadata);
		return Optional.of(object);
	}

	private Optional<MountedVolume> shownVolume(Map<String, Object> object) {
		try {
			return Optional
				.of(this.documents.toVolume(CustomResources.read(object, SecretProviderClassPodStatus.class)));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> mapAt(Map<String, Object> object, String key) {
		Object value = object.get(key);
		return (value instanceof Map<?, ?> map) ? new LinkedHashMap<>((Map<String, Object>) map)
				: new LinkedHashMap<>();
	}

}
