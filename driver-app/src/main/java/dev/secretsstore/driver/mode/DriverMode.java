package dev.secretsstore.driver.mode;

import org.springframework.core.env.PropertyResolver;

/**
 * Cluster mode (the default: the API server holds SecretProviderClasses and mount
 * records) or standalone mode ({@code --standalone}: a folder holds them).
 */
public enum DriverMode {

	CLUSTER, STANDALONE;

	/** The property {@code --standalone} sets. */
	public static final String PROPERTY = "secrets-store.standalone.enabled";

	/**
	 * The mode the environment selects.
	 */
	public static DriverMode of(PropertyResolver environment) {
		return environment.getProperty(PROPERTY, Boolean.class, false) ? STANDALONE : CLUSTER;
	}

	public boolean isStandalone() {
		return this == STANDALONE;
	}

}
