package dev.secretsstore.driver.expiry;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Expiry awareness settings.
 *
 * @param enabled whether the driver looks for certificates in mounted files (gauge,
 * warnings, rotation ahead of expiry)
 * @param warnBefore how long before a mounted certificate expires its pod is warned: a
 * Warning Event {@code SecretObjectNearExpiry} in cluster mode, a WARN log line in
 * standalone mode
 * @param shortestRecheck how soon after its last check a volume may be checked again
 * because a certificate in it expires: a store that keeps serving an expired certificate
 * is asked this often at most
 */
@ConfigurationProperties("secrets-store.expiry")
public record ExpiryProperties(@DefaultValue("true") boolean enabled, @DefaultValue("7d") Duration warnBefore,
		@DefaultValue("1m") Duration shortestRecheck) {
}
