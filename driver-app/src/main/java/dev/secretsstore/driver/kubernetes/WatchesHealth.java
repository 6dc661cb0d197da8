package dev.secretsstore.driver.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The driver's watches as Actuator health ({@code /actuator/health/kubernetesWatches}):
 * down while one is stopped because the API server forbids it (the driver's RBAC lacks a
 * rule, and lookups then cost a GET each, or synced Secrets go unrepaired), up otherwise,
 * with each watch's state. Not part of the liveness or readiness groups: mounts work
 * without the watches.
 */
public class WatchesHealth implements HealthIndicator {

	private final List<WatchedObjects<?, ?>> watches;

	public WatchesHealth(List<WatchedObjects<?, ?>> watches) {
		this.watches = List.copyOf(watches);
	}

	@Override
	public Health health() {
		Map<String, String> states = new TreeMap<>();
		boolean forbidden = false;
		for (WatchedObjects<?, ?> watch : this.watches) {
			WatchedObjects.State state = watch.state();
			states.put(watch.description(), state.name().toLowerCase().replace('_', ' '));
			forbidden |= state == WatchedObjects.State.FORBIDDEN;
		}
		return (forbidden ? Health.down() : Health.up()).withDetails(states).build();
	}

}
