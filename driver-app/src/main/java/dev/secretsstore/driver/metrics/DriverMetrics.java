package dev.secretsstore.driver.metrics;

import java.time.Duration;

import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.rotation.RotationListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Go driver's metrics, named so that Prometheus scrapes exactly its names:
 * {@code node_publish_total}, {@code node_publish_error_total},
 * {@code node_unpublish_total}, {@code node_unpublish_error_total},
 * {@code rotation_reconcile_total}, {@code rotation_reconcile_error_total} and the
 * histogram {@code rotation_reconcile_duration_sec} (upstream's buckets, 0.1 s to 2 s),
 * with labels {@code provider}, {@code error_type}, {@code rotated} and {@code os_type}
 * as upstream.
 */
public class DriverMetrics implements RotationListener {

	static final String OS_TYPE = "linux";

	private static final double[] BUCKETS = { 0.1, 0.135, 0.182, 0.246, 0.331, 0.447, 0.603, 0.814, 1.099, 1.482, 2.0 };

	private final MeterRegistry registry;

	private final DistributionSummary rotationDuration;

	public DriverMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.rotationDuration = DistributionSummary.builder("rotation_reconcile_duration_sec")
			.description("Distribution of how long it took to rotate secrets-store content for pods")
			.tag("os_type", OS_TYPE)
			.serviceLevelObjectives(BUCKETS)
			.register(registry);
	}

	public void published(String provider) {
		counter("node_publish", "Total number of node publish calls", "provider", provider).increment();
	}

	public void publishFailed(String provider, String errorType) {
		counter("node_publish_error", "Total number of node publish calls with error", "provider", provider,
				"error_type", errorType)
			.increment();
	}

	public void unpublished() {
		counter("node_unpublish", "Total number of node unpublish calls").increment();
	}

	public void unpublishFailed() {
		counter("node_unpublish_error", "Total number of node unpublish calls with error").increment();
	}

	@Override
	public void onRotation(RotationEvent event) {
		String rotated = Boolean.toString(event.rotated());
		// as the Go driver counts a remount whose status update failed: an error, with
		// rotated=true
		if (event.failed()) {
			counter("rotation_reconcile_error", "Total number of rotation reconciles with error", "provider",
					event.provider(), "error_type", event.errorType(), "rotated", rotated)
				.increment();
			return;
		}
		counter("rotation_reconcile", "Total number of rotation reconciles", "provider", event.provider(), "rotated",
				rotated)
			.increment();
		this.rotationDuration.record(seconds(event.duration()));
	}

	private Counter counter(String name, String description, String... tags) {
		return Counter.builder(name)
			.description(description)
			.tags(tags)
			.tag("os_type", OS_TYPE)
			.register(this.registry);
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

}
