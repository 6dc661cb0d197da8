package dev.secretsstore.driver.kubernetes;

import java.util.Optional;

import dev.secretsstore.driver.model.CustomResources;
import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.model.SecretProviderClasses;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import tools.jackson.core.JacksonException;

/**
 * Cluster mode's SecretProviderClasses: one GET of {@code secrets-store.csi.x-k8s.io/v1}
 * per lookup, in the pod's namespace.
 */
public class ApiSecretProviderClasses implements SecretProviderClasses {

	private static final int NOT_FOUND = 404;

	private final CustomObjectsApi api;

	public ApiSecretProviderClasses(CustomObjectsApi api) {
		this.api = api;
	}

	/**
	 * {@inheritDoc}
	 * @throws KubernetesApiException when the API server fails or answers with something
	 * that is not a SecretProviderClass
	 */
	@Override
	public Optional<SecretProviderClass> find(String namespace, String name) {
		String object = "secretproviderclass " + namespace + "/" + name;
		Object found;
		try {
			found = this.api
				.getNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, namespace,
						CustomResources.SECRET_PROVIDER_CLASSES, name)
				.execute();
		}
		catch (ApiException ex) {
			if (ex.getCode() == NOT_FOUND) {
				return Optional.empty();
			}
			throw new KubernetesApiException(KubernetesApiException.describe("get", object, ex), ex);
		}
		try {
			return Optional.of(CustomResources.read(found, SecretProviderClass.class));
		}
		catch (JacksonException ex) {
			throw new KubernetesApiException("failed to read " + object + ": " + ex.getOriginalMessage(), ex);
		}
	}

}
