package dev.secretsstore.provider.vault.client;

import dev.secretsstore.provider.vault.tls.VaultTls;

/**
 * Everything that decides which Vault token a mount may use: the Vault, the login, and
 * the pod. Two mounts share a logged-in client only when all of it is equal, so one pod's
 * token never serves another pod.
 *
 * @param address the Vault address
 * @param namespace the Vault namespace, or empty
 * @param authMountPath the auth mount without slashes around it
 * @param roleName the Vault role
 * @param audience the audience of the token that logs in
 * @param tls the TLS settings
 * @param podNamespace the pod's namespace
 * @param podName the pod's name
 * @param podIdentity the pod's UID, or a digest of its token when the volume context has
 * no UID
 */
public record VaultSessionKey(String address, String namespace, String authMountPath, String roleName, String audience,
		VaultTls tls, String podNamespace, String podName, String podIdentity) {

	/**
	 * The login and pod in words, for messages.
	 */
	String describe() {
		return "role '" + this.roleName + "' at auth/" + this.authMountPath + " of " + this.address
				+ (this.namespace.isEmpty() ? "" : " (namespace " + this.namespace + ")");
	}

	/**
	 * The key in words, without the pod's identity, which may be a digest of its token.
	 */
	@Override
	public String toString() {
		return "VaultSessionKey[" + describe() + ", audience=" + this.audience + ", pod=" + this.podNamespace + "/"
				+ this.podName + "]";
	}

}
