package dev.secretsstore.driver.provider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where remote provider plugins are found and how they are called.
 *
 * @param volume folder of plugin sockets ({@code --provider-volume})
 * @param additionalVolumePaths folders searched before {@code volume}
 * ({@code --additional-provider-volume-paths})
 * @param maxCallRecvMsgSize largest plugin response accepted, in bytes
 * ({@code --max-call-recv-msg-size})
 * @param callTimeout deadline of one Mount call to a provider, in-process or plugin
 * @param retryAttempts attempts of a call that fails transiently (store unreachable,
 * throttling, deadline)
 * @param retryBackoff wait before the second attempt; doubles, with jitter, up to 5 s,
 * unless the store says Retry-After
 * @param healthCheck periodic Version calls to the plugins
 */
@ConfigurationProperties("secrets-store.provider")
public record ProviderProperties(@DefaultValue("/var/run/secrets-store-csi-providers") String volume,
		@DefaultValue("/etc/kubernetes/secrets-store-csi-providers") List<String> additionalVolumePaths,
		@DefaultValue("4194304") long maxCallRecvMsgSize, @DefaultValue("30s") Duration callTimeout,
		@DefaultValue("3") int retryAttempts, @DefaultValue("500ms") Duration retryBackoff,
		@DefaultValue HealthCheck healthCheck) {

	/**
	 * The folders searched for {@code <name>.sock}, in order: the additional ones, then
	 * {@code volume}.
	 */
	public List<Path> socketFolders() {
		List<Path> folders = new ArrayList<>();
		this.additionalVolumePaths.stream().filter((path) -> !path.isBlank()).map(Path::of).forEach(folders::add);
		folders.add(Path.of(this.volume));
		return folders;
	}

	/**
	 * Periodic health checks of the remote plugins.
	 *
	 * @param enabled whether to check ({@code --provider-health-check})
	 * @param interval time between checks ({@code --provider-health-check-interval})
	 */
	public record HealthCheck(@DefaultValue("false") boolean enabled, @DefaultValue("2m") Duration interval) {
	}

}
