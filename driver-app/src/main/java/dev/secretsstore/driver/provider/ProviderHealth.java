package dev.secretsstore.driver.provider;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.SecretProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code --provider-health-check}: every interval, asks each provider plugin whose socket
 * is in the socket folders for its version, and reports the outcome through Actuator
 * health (component {@code providers}). Unlike the Go driver, which only logs the result,
 * a plugin that stops answering shows as DOWN; it does not fail the driver's own
 * readiness, because other providers keep working.
 */
public class ProviderHealth implements HealthIndicator {

	private static final Logger logger = LoggerFactory.getLogger(ProviderHealth.class);

	private final ProviderRegistry registry;

	private final Map<String, Check> checks = new ConcurrentHashMap<>();

	public ProviderHealth(ProviderRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Checks every plugin socket once.
	 */
	public void checkAll() {
		Map<String, Check> latest = new TreeMap<>();
		for (String name : this.registry.installedPlugins()) {
			latest.put(name, check(name));
		}
		this.checks.keySet().retainAll(latest.keySet());
		this.checks.putAll(latest);
	}

	private Check check(String name) {
		try {
			SecretProvider provider = this.registry.get(name);
			if (provider.remoteEndpoint().isPresent()) {
				ProviderVersion version = provider.checkVersion();
				logger.debug("Provider {} is healthy: {} {}", name, version.runtimeName(), version.runtimeVersion());
				return new Check(true, version.runtimeName() + " " + version.runtimeVersion(), Instant.now());
			}
			return new Check(true, "in-process", Instant.now());
		}
		catch (ProviderException | ProviderLookupException ex) {
			logger.warn("Provider {} failed its health check: {}", name, ex.getMessage());
			return new Check(false, ex.getMessage(), Instant.now());
		}
	}

	@Override
	public Health health() {
		Health.Builder builder = this.checks.values().stream().allMatch(Check::healthy) ? Health.up() : Health.down();
		new TreeMap<>(this.checks).forEach((name, check) -> builder.withDetail(name, Map.of("healthy", check.healthy(),
				"detail", check.detail(), "checkedAt", check.checkedAt().toString())));
		return builder.build();
	}

	private record Check(boolean healthy, String detail, Instant checkedAt) {
	}

}
