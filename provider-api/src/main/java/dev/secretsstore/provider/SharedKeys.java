package dev.secretsstore.provider;

import java.util.function.Supplier;

/**
 * Keys every node shares, kept in Kubernetes Secrets of the driver's own namespace, for
 * providers that keep one as their Go counterparts do (the Vault provider's HMAC key for
 * object versions, in the Secret {@code vault-csi-provider-hmac-key}). The driver offers
 * one in cluster mode, as a bean an in-process provider may take; elsewhere there is
 * {@link #NONE}.
 */
@FunctionalInterface
public interface SharedKeys {

	/** No cluster to keep a key in: every call fails. */
	SharedKeys NONE = (secretName, dataKey, candidate) -> {
		throw new ProviderException(ProviderException.Reason.FAILED, "NoSharedKeys",
				"there is no Kubernetes API to keep the key " + secretName
						+ " in (standalone mode or a remote plugin)");
	};

	/**
	 * The value under {@code dataKey} of the Secret {@code secretName} in the driver's
	 * namespace. When there is no such Secret, it is created, immutable, with
	 * {@code candidate}'s value; when another creator was first (409 AlreadyExists),
	 * theirs is read and returned, so racing nodes end up with one key.
	 * @param candidate makes the value to create; called only when the Secret does not
	 * exist
	 * @throws ProviderException when the Secret cannot be read or created (such as 403
	 * for missing RBAC), or has no non-empty value under {@code dataKey}; a
	 * {@link RetryableProviderException} when the API server cannot be reached
	 */
	byte[] getOrCreate(String secretName, String dataKey, Supplier<byte[]> candidate) throws ProviderException;

}
