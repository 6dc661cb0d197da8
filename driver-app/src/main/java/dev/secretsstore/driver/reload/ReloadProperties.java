package dev.secretsstore.driver.reload;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reload hooks, off by default.
 *
 * @param enabled whether to call the pods' reload endpoints after their files rotated
 * @param timeout the deadline of one call, connecting included
 * @param attempts calls before giving up, the first included
 * @param backoff the wait before the second call; doubles after each failed one
 * @param podAddress standalone mode: the pod's address when its volume context does not
 * give one ({@value ReloadUrl#POD_ADDRESS_ATTRIBUTE})
 */
@ConfigurationProperties("secrets-store.reload")
public record ReloadProperties(@DefaultValue("false") boolean enabled, @DefaultValue("5s") Duration timeout,
		@DefaultValue("3") int attempts, @DefaultValue("1s") Duration backoff,
		@DefaultValue("127.0.0.1") String podAddress) {
}
