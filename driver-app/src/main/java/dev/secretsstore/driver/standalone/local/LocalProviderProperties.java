package dev.secretsstore.driver.standalone.local;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the built-in {@code local} provider.
 *
 * @param enabled whether the provider is registered; unset means on in standalone mode and off in cluster mode,
 * where it would let a SecretProviderClass read files of the node
 * @param root the only folder the provider reads from; nothing outside it can be mounted, symbolic links included
 */
@ConfigurationProperties("secrets-store.provider.local")
public record LocalProviderProperties(Boolean enabled, Path root) {
}
