package dev.secretsstore.driver.rotation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.secretsstore.driver.kubernetes.SecretProviderClasses;
import dev.secretsstore.driver.kubernetes.model.SecretProviderClass;

/**
 * SecretProviderClasses as a scheduled pass sees them: each one looked up again at most once per interval, so a
 * node whose passes run every few seconds does not ask the API server for every class every time. Kubelet's calls
 * and on-demand rotations look them up fresh.
 */
class RecentSecretProviderClasses implements SecretProviderClasses {

	private final SecretProviderClasses source;

	private final Duration interval;

	private final Clock clock;

	private final Map<String, Lookup> lookups = new ConcurrentHashMap<>();

	RecentSecretProviderClasses(SecretProviderClasses source, Duration interval, Clock clock) {
		this.source = source;
		this.interval = interval;
		this.clock = clock;
	}

	@Override
	public Optional<SecretProviderClass> find(String namespace, String name) {
		Instant now = this.clock.instant();
		return this.lookups.compute(namespace + "/" + name, (key, last) -> {
			if (last != null && now.isBefore(last.at().plus(this.interval))) {
				return last;
			}
			return new Lookup(this.source.find(namespace, name), now);
		}).spc();
	}

	private record Lookup(Optional<SecretProviderClass> spc, Instant at) {
	}

}
