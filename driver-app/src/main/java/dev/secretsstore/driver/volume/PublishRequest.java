package dev.secretsstore.driver.volume;

import java.util.Map;

/**
 * kubelet's request to publish a volume, as the volume use case needs it.
 *
 * @param volumeId kubelet's volume id
 * @param targetPath where the volume must appear
 * @param volumeContext pod information and the pod volume's attributes
 * @param secrets the nodePublishSecretRef data, and on newer kubelets the service-account tokens
 */
public record PublishRequest(String volumeId, String targetPath, Map<String, String> volumeContext,
		Map<String, String> secrets) {

	public PublishRequest {
		volumeContext = Map.copyOf(volumeContext);
		secrets = Map.copyOf(secrets);
	}

	@Override
	public String toString() {
		return "PublishRequest[volumeId=" + this.volumeId + ", targetPath=" + this.targetPath + ", secrets="
				+ this.secrets.keySet() + "]";
	}

}
