package dev.secretsstore.driver.standalone.local;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the built-in {@code local} provider.
 *
 * @param enabled whether the provider is registered; unset means on in standalone mode
 * and off in cluster mode, where it would let a SecretProviderClass read files of the
 * node
 * @param root the only folder the provider reads from; nothing outside it can be mounted,
 * symbolic links included
 * @param versionKeyFile the file holding the HMAC key of object versions, made on the
 * first start; unset means {@code local-provider.key} in the state folder
 * ({@code --state-dir})
 */
@ConfigurationProperties("secrets-store.provider.local")
public record LocalProviderProperties(Boolean enabled, Path root, Path versionKeyFile) {

	/** The key file's name in the state folder. */
	public static final String VERSION_KEY_FILE = "local-provider.key";

}
