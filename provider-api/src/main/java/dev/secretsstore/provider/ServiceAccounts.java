package dev.secretsstore.provider;

import java.util.Map;

/**
 * What the cluster says about a pod's service account, for providers that read it as
 * their Go counterparts do (the AWS provider takes the IRSA role from the annotation
 * {@code eks.amazonaws.com/role-arn}). The driver offers one in cluster mode, as a bean
 * an in-process provider may take; elsewhere there is {@link #NONE}.
 */
@FunctionalInterface
public interface ServiceAccounts {

	/** No cluster to ask: every service account has no annotations. */
	ServiceAccounts NONE = (namespace, name) -> Map.of();

	/**
	 * The annotations of the service account {@code namespace/name}; empty when it has
	 * none or does not exist.
	 * @throws ProviderException a {@link RetryableProviderException} when the cluster
	 * cannot be asked
	 */
	Map<String, String> annotations(String namespace, String name) throws ProviderException;

}
