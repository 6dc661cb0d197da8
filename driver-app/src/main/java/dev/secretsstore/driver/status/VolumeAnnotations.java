package dev.secretsstore.driver.status;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.secretsstore.driver.model.SecretProviderClassPodStatus;
import dev.secretsstore.driver.mount.FileGroup;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.provider.ObjectVersion;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One annotation per volume on a SecretProviderClassPodStatus,
 * {@code csi.secrets-store.dev/<key>} (see {@link MountedVolume#key()}), holding what
 * {@link PodStatusDocuments} keeps of one volume. The volumes of one pod that use one
 * SecretProviderClass share the object, whose name {@code <pod>-<namespace>-<spc>} is the
 * Go driver's; its status shows the volume written last, as the Go driver's does, and
 * these annotations keep the others, so a restart restores them all. Each volume writes
 * its own key, so two volumes patching the object at once do not undo each other.
 */
public final class VolumeAnnotations {

	// MountedVolume.key() under our prefix; volume-id and volume-context are
	// PodStatusDocuments' annotations
	private static final Pattern KEY = Pattern.compile("csi\\.secrets-store\\.dev/volume-[0-9a-f]{32}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private VolumeAnnotations() {
	}

	public static String keyOf(MountedVolume volume) {
		return "csi.secrets-store.dev/" + volume.key();
	}

	public static String valueOf(MountedVolume volume) {
		List<Version> versions = volume.objectVersions()
			.stream()
			.map((version) -> new Version(version.id(), version.version()))
			.toList();
		Integer fsGroup = volume.fileGroup().isSet() ? volume.fileGroup().gid() : null;
		return JSON.writeValueAsString(new Entry(volume.volumeId(), volume.targetPath().toString(), volume.provider(),
				volume.volumeContext(), versions, fsGroup));
	}

	public static boolean isVolumeKey(String key) {
		return KEY.matcher(key).matches();
	}

	/**
	 * Every volume {@code document} records: one per volume annotation, and the one its
	 * status shows when no annotation has its target path (an object written by the Go
	 * driver or an earlier version of this one).
	 * @throws IllegalArgumentException when the document has no status
	 */
	public static List<MountedVolume> volumesOf(SecretProviderClassPodStatus document, PodStatusDocuments documents) {
		MountedVolume shown = documents.toVolume(document);
		Map<Path, MountedVolume> volumes = new LinkedHashMap<>();
		for (Map.Entry<String, String> annotation : document.metadata().annotations().entrySet()) {
			if (isVolumeKey(annotation.getKey())) {
				MountedVolume volume = read(annotation.getValue(), shown);
				volumes.put(volume.targetPath(), volume);
			}
		}
		volumes.putIfAbsent(shown.targetPath(), shown);
		return new ArrayList<>(volumes.values());
	}

	private static MountedVolume read(String value, MountedVolume shown) {
		Entry entry;
		try {
			entry = JSON.readValue(value, Entry.class);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("a volume annotation is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
		if (entry.targetPath() == null || entry.volumeId() == null || entry.provider() == null) {
			throw new IllegalArgumentException("a volume annotation lacks its target path, volume id or provider");
		}
		List<ObjectVersion> versions = entry.objects()
			.stream()
			.map((version) -> new ObjectVersion(version.id(), version.version()))
			.toList();
		FileGroup group = (entry.fsGroup() != null) ? FileGroup.of(entry.fsGroup()) : FileGroup.NONE;
		return new MountedVolume(entry.volumeId(), Path.of(entry.targetPath()), shown.pod(),
				shown.secretProviderClass(), entry.provider(), entry.volumeContext(), versions, group);
	}

	/**
	 * The UID of the pod that owns an object, from its raw metadata, or null.
	 */
	public static String podOwnerUid(Map<String, Object> metadata) {
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

	/**
	 * Whether {@code metadata}'s pod owner is another pod than {@code pod}: a pod
	 * recreated under the same name.
	 */
	public static boolean ownedByAnotherPod(Map<String, Object> metadata, PodRef pod) {
		String owner = podOwnerUid(metadata);
		return owner != null && !owner.equals(pod.uid()) && !pod.uid().isBlank();
	}

	/**
	 * What one annotation holds; {@code fsGroup} only when the volume's files belong to a
	 * group, so that the annotations of other volumes read as before.
	 */
	record Entry(String volumeId, String targetPath, String provider, Map<String, String> volumeContext,
			List<Version> objects, @JsonInclude(JsonInclude.Include.NON_NULL) Integer fsGroup) {

		Entry {
			volumeContext = (volumeContext != null) ? volumeContext : Map.of();
			objects = (objects != null) ? objects : List.of();
		}

	}

	/**
	 * One object's version.
	 */
	record Version(String id, String version) {
	}

}
