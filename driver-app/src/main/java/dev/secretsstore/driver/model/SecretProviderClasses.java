package dev.secretsstore.driver.model;

import java.util.Optional;

/**
 * Where SecretProviderClasses are looked up: the API server in cluster mode, a folder in
 * standalone mode.
 */
public interface SecretProviderClasses {

	/**
	 * The SecretProviderClass {@code name} in {@code namespace}, if there is one.
	 */
	Optional<SecretProviderClass> find(String namespace, String name);

	/**
	 * The SecretProviderClass as a local copy knows it, for rotation passes that look
	 * every class up again and must not cost API requests; where there is no such copy,
	 * the same as {@link #find}.
	 */
	default Optional<SecretProviderClass> findCached(String namespace, String name) {
		return find(namespace, name);
	}

}
