package dev.secretsstore.driver.kubelet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.secretsstore.provider.MountRequest;

/**
 * A pod's secrets volume as kubelet describes it to the driver.
 *
 * @param namespace the pod's namespace
 * @param podName the pod's name
 * @param podUid the pod's UID
 * @param volumeName the volume's name in the pod spec
 * @param secretProviderClass the SecretProviderClass the volume uses
 * @param serviceAccount the pod's service account
 * @param attributes further {@code volumeAttributes} of the pod volume
 */
public record PodVolume(String namespace, String podName, String podUid, String volumeName, String secretProviderClass,
		String serviceAccount, Map<String, String> attributes) {

	public PodVolume {
		attributes = Map.copyOf(attributes);
	}

	/**
	 * A volume of a pod whose UID is derived from its namespace and name, so that publish
	 * and unpublish of the same pod agree without being told the UID.
	 */
	public static PodVolume of(String namespace, String podName, String volumeName, String secretProviderClass) {
		return new PodVolume(namespace, podName, derivedUid(namespace, podName), volumeName, secretProviderClass,
				"default", Map.of());
	}

	static String derivedUid(String namespace, String podName) {
		return UUID.nameUUIDFromBytes((namespace + "/" + podName).getBytes(StandardCharsets.UTF_8)).toString();
	}

	/**
	 * Where kubelet mounts this volume:
	 * {@code <root>/pods/<uid>/volumes/kubernetes.io~csi/<volume>/mount}.
	 */
	public Path targetPath(Path kubeletRoot) {
		return kubeletRoot.resolve("pods")
			.resolve(this.podUid)
			.resolve("volumes")
			.resolve("kubernetes.io~csi")
			.resolve(this.volumeName)
			.resolve("mount");
	}

	/**
	 * kubelet's volume id for this volume.
	 */
	public String volumeId() {
		return "csi-" + UUID.nameUUIDFromBytes((this.podUid + "/" + this.volumeName).getBytes(StandardCharsets.UTF_8))
			.toString()
			.replace("-", "");
	}

	/**
	 * The volume context kubelet sends with {@code podInfoOnMount: true}.
	 */
	public Map<String, String> volumeContext() {
		Map<String, String> context = new HashMap<>(this.attributes);
		context.put("secretProviderClass", this.secretProviderClass);
		context.put(MountRequest.POD_NAME, this.podName);
		context.put(MountRequest.POD_NAMESPACE, this.namespace);
		context.put(MountRequest.POD_UID, this.podUid);
		context.put(MountRequest.SERVICE_ACCOUNT_NAME, this.serviceAccount);
		context.put("csi.storage.k8s.io/ephemeral", "true");
		return context;
	}

}
