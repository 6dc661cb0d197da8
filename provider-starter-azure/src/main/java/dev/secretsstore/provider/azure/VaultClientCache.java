package dev.secretsstore.provider.azure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps the clients of each (vault, credential) between mounts, so Entra ID tokens are
 * reused, until the cache TTL or the service-account token behind a workload-identity
 * credential expires; least recently used first out.
 */
final class VaultClientCache {

	private final int maxSize;

	private final Duration ttl;

	private final Clock clock;

	private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

	VaultClientCache(int maxSize, Duration ttl, Clock clock) {
		this.maxSize = maxSize;
		this.ttl = ttl;
		this.clock = clock;
	}

	/**
	 * The cached clients for a vault and credential, or new ones from {@code factory}.
	 */
	VaultClients get(String vaultUrl, String authorityHost, AzureCredential credential,
			Supplier<VaultClients> factory) {
		if (this.maxSize == 0) {
			return factory.get();
		}
		Instant now = this.clock.instant();
		Key key = new Key(vaultUrl, authorityHost, credential.kind(), credential.tenantId(), credential.clientId(),
				credential.fingerprint());
		synchronized (this.entries) {
			this.entries.values().removeIf((entry) -> !entry.expiresAt.isAfter(now));
			Entry entry = this.entries.get(key);
			if (entry != null) {
				return entry.clients;
			}
		}
		VaultClients clients = factory.get();
		Instant expiresAt = now.plus(this.ttl);
		if (credential.expiresAt() != null && credential.expiresAt().isBefore(expiresAt)) {
			expiresAt = credential.expiresAt();
		}
		synchronized (this.entries) {
			this.entries.put(key, new Entry(clients, expiresAt));
			Iterator<Key> oldest = this.entries.keySet().iterator();
			while (this.entries.size() > this.maxSize && oldest.hasNext()) {
				oldest.next();
				oldest.remove();
			}
		}
		return clients;
	}

	int size() {
		synchronized (this.entries) {
			return this.entries.size();
		}
	}

	private record Key(String vaultUrl, String authorityHost, AzureCredential.Kind kind, String tenantId,
			String clientId, String fingerprint) {
	}

	private record Entry(VaultClients clients, Instant expiresAt) {
	}

}
