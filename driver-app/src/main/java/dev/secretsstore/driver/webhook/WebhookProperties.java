package dev.secretsstore.driver.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The change webhook, off by default: it takes input from outside the cluster, so it
 * listens on a port of its own, apart from metrics, and every call must carry the shared
 * token.
 *
 * @param enabled whether to serve it (needs rotation on)
 * @param addr where it listens, {@code host:port} or {@code :port}
 * @param tokenFile a file holding the shared token (at least 16 characters; a mounted
 * Secret), read at start and again when it changes
 * @param maxBodyBytes largest notification read; larger ones get 413
 */
@ConfigurationProperties("secrets-store.webhook")
public record WebhookProperties(@DefaultValue("false") boolean enabled, @DefaultValue(":8097") String addr,
		String tokenFile, @DefaultValue("1048576") int maxBodyBytes) {
}
