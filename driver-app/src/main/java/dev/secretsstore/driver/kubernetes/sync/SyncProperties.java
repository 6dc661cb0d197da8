package dev.secretsstore.driver.kubernetes.sync;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Secret sync settings.
 *
 * @param enabled whether the {@code secretObjects} of a SecretProviderClass are mirrored
 * into Kubernetes Secrets (cluster mode only); turn it off when the driver's service
 * account may not write Secrets
 */
@ConfigurationProperties("secrets-store.sync")
public record SyncProperties(@DefaultValue("true") boolean enabled) {
}
