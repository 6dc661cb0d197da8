package dev.secretsstore.driver.volume;

import java.util.Map;
import java.util.Objects;

import dev.secretsstore.driver.mount.FileGroup;

/**
 * kubelet's request to publish a volume, as the volume use case needs it.
 *
 * @param volumeId kubelet's volume id
 * @param targetPath where the volume must appear
 * @param volumeContext pod information and the pod volume's attributes
 * @param secrets the nodePublishSecretRef data, and on newer kubelets the service-account
 * tokens
 * @param fileGroup the group the files are to belong to: the pod's fsGroup, which kubelet
 * passes as {@code volume_mount_group} when the driver advertises
 * {@code VOLUME_MOUNT_GROUP}; else {@link FileGroup#NONE}
 */
public record PublishRequest(String volumeId, String targetPath, Map<String, String> volumeContext,
		Map<String, String> secrets, FileGroup fileGroup) {

	public PublishRequest {
		volumeContext = Map.copyOf(volumeContext);
		secrets = Map.copyOf(secrets);
		Objects.requireNonNull(fileGroup, "fileGroup");
	}

	/**
	 * A request whose files keep the driver's group.
	 */
	public PublishRequest(String volumeId, String targetPath, Map<String, String> volumeContext,
			Map<String, String> secrets) {
		this(volumeId, targetPath, volumeContext, secrets, FileGroup.NONE);
	}

	@Override
	public String toString() {
		return "PublishRequest[volumeId=" + this.volumeId + ", targetPath=" + this.targetPath + ", secrets="
				+ this.secrets.keySet() + ", fileGroup=" + this.fileGroup + "]";
	}

}
