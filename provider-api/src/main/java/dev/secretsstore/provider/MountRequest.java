package dev.secretsstore.provider;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the driver asks a provider for one volume.
 *
 * @param attributes the SecretProviderClass parameters merged with the volume context
 * (pod name, namespace, uid, service account, and the service-account tokens under
 * {@link #SERVICE_ACCOUNT_TOKENS}); the volume context wins
 * @param secrets the data of the volume's nodePublishSecretRef Secret, empty when it has
 * none
 * @param targetPath the folder the volume is mounted at; only legacy providers write
 * there
 * @param permission the default file mode for files that set none, {@code 0644}
 * @param currentObjectVersions the versions mounted now; empty for a first mount
 */
public record MountRequest(Map<String, String> attributes, Map<String, String> secrets, String targetPath,
		int permission, List<ObjectVersion> currentObjectVersions) {

	/** Volume-context key of the pod's name. */
	public static final String POD_NAME = "csi.storage.k8s.io/pod.name";

	/** Volume-context key of the pod's namespace. */
	public static final String POD_NAMESPACE = "csi.storage.k8s.io/pod.namespace";

	/** Volume-context key of the pod's UID. */
	public static final String POD_UID = "csi.storage.k8s.io/pod.uid";

	/** Volume-context key of the pod's service account name. */
	public static final String SERVICE_ACCOUNT_NAME = "csi.storage.k8s.io/serviceAccount.name";

	/**
	 * Volume-context (or, on newer kubelets, secrets) key of the pod's service-account
	 * tokens: JSON {@code {"<audience>":{"token":"…","expirationTimestamp":"…"}}}.
	 */
	public static final String SERVICE_ACCOUNT_TOKENS = "csi.storage.k8s.io/serviceAccount.tokens";

	/** The default file mode, 0644, sent as permission "420" on the wire. */
	public static final int DEFAULT_PERMISSION = 0644;

	public MountRequest {
		attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
		secrets = Map.copyOf(Objects.requireNonNull(secrets, "secrets"));
		Objects.requireNonNull(targetPath, "targetPath");
		currentObjectVersions = List.copyOf(Objects.requireNonNull(currentObjectVersions, "currentObjectVersions"));
	}

	/**
	 * Omits the secrets and tokens, which must never reach a log.
	 */
	@Override
	public String toString() {
		return "MountRequest[attributes=" + attributes.keySet() + ", secrets=" + secrets.keySet() + ", targetPath="
				+ targetPath + ", permission=" + Integer.toOctalString(permission) + ", currentObjectVersions="
				+ currentObjectVersions + "]";
	}

}
