package dev.secretsstore.driver.kubernetes;

import java.util.Optional;

import dev.secretsstore.driver.model.CustomResources;
import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.model.SecretProviderClasses;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.ListOptions;

/**
 * Cluster mode's SecretProviderClasses: every class in the cluster, followed by a watch
 * as the Go driver's cache does, so rotation passes read them without API requests. A
 * class the watch has not shown (created a moment ago, or before the first list finished)
 * is read with a GET when a pod mounts it.
 */
public class WatchedSecretProviderClasses implements SecretProviderClasses, AutoCloseable {

	private final WatchedObjects<DynamicKubernetesObject, SecretProviderClass> watched;

	private final SecretProviderClasses api;

	WatchedSecretProviderClasses(WatchedObjects<DynamicKubernetesObject, SecretProviderClass> watched,
			SecretProviderClasses api) {
		this.watched = watched;
		this.api = api;
	}

	/**
	 * Starts watching every SecretProviderClass through {@code watchClient} (a client
	 * without read timeout).
	 * @param api where a class the watch has not shown is read
	 */
	public static WatchedSecretProviderClasses start(ApiClient watchClient, SecretProviderClasses api) {
		// the dynamic API reads lists and watch events with its own Gson, which keeps the
		// list's metadata
		DynamicKubernetesApi resource = new DynamicKubernetesApi(CustomResources.GROUP, CustomResources.VERSION,
				CustomResources.SECRET_PROVIDER_CLASSES, watchClient);
		return new WatchedSecretProviderClasses(WatchedObjects.start("secretproviderclasses",
				DynamicKubernetesObject.class, resource, new ListOptions(),
				(object) -> CustomResources.readJson(object.getRaw().toString(), SecretProviderClass.class),
				"the driver's service account needs get, list and watch on secretproviderclasses (the chart's "
						+ "secretproviderclasses-role); classes are read with a GET each meanwhile"),
				api);
	}

	/**
	 * The watched objects, to wait for their first list.
	 */
	public WatchedObjects<DynamicKubernetesObject, SecretProviderClass> watched() {
		return this.watched;
	}

	@Override
	public Optional<SecretProviderClass> find(String namespace, String name) {
		Optional<SecretProviderClass> seen = this.watched.get(namespace, name);
		return seen.isPresent() ? seen : this.api.find(namespace, name);
	}

	@Override
	public Optional<SecretProviderClass> findCached(String namespace, String name) {
		return this.watched.hasSynced() ? this.watched.get(namespace, name) : find(namespace, name);
	}

	@Override
	public void close() {
		this.watched.close();
	}

}
