package dev.secretsstore.driver.expiry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The gauge {@value #NAME}: seconds until a mounted certificate expires (negative once it
 * has), one series per provider, SecretProviderClass, namespace and file path, so that
 * the pods of one Deployment share a series rather than adding one each; when their
 * volumes hold different certificates (one refreshed before the others), the series shows
 * the soonest. A series goes when no volume holds a certificate under its labels any
 * longer.
 */
final class ExpiryGauges {

	static final String NAME = "secrets_store_object_expiry_seconds";

	private final MeterRegistry registry;

	private final Clock clock;

	private final Map<Series, Gauge> registered = new HashMap<>();

	private volatile Map<Series, Instant> soonest = Map.of();

	ExpiryGauges(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	/**
	 * Shows {@code soonest}, the soonest NotAfter of each series, instead of what was
	 * shown before.
	 */
	synchronized void show(Map<Series, Instant> soonest) {
		this.soonest = Map.copyOf(soonest);
		this.registered.entrySet().removeIf((entry) -> {
			if (soonest.containsKey(entry.getKey())) {
				return false;
			}
			this.registry.remove(entry.getValue());
			return true;
		});
		for (Series series : soonest.keySet()) {
			this.registered.computeIfAbsent(series, this::register);
		}
	}

	private Gauge register(Series series) {
		return Gauge.builder(NAME, () -> secondsLeft(series))
			.description("Seconds until the leaf certificate in a mounted file expires (negative once it has)")
			.tag("provider", series.provider())
			.tag("secret_provider_class", series.secretProviderClass())
			.tag("namespace", series.namespace())
			.tag("object", series.object())
			.register(this.registry);
	}

	private double secondsLeft(Series series) {
		Instant notAfter = this.soonest.get(series);
		// between show's two steps a removed series may still be scraped once
		return (notAfter != null) ? Duration.between(this.clock.instant(), notAfter).toMillis() / 1000.0 : Double.NaN;
	}

	/**
	 * The labels of one series.
	 *
	 * @param provider the provider's name
	 * @param secretProviderClass the SecretProviderClass's name
	 * @param namespace its namespace, the pods'
	 * @param object the file path in the volume
	 */
	record Series(String provider, String secretProviderClass, String namespace, String object) {
	}

}
