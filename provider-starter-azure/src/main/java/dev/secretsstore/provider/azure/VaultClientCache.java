package dev.secretsstore.provider.azure;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Keeps the clients of each (vault, credential) between mounts, so Entra ID tokens are
 * reused, until the cache TTL or the service-account token behind a workload-identity
 * credential expires, whichever comes first; with size 0 every mount gets new clients.
 * The clients hold nothing to close, so dropping them is enough.
 */
final class VaultClientCache {

	private final Duration ttl;

	private final Clock clock;

	private final Cache<Key, Entry> entries;

	/**
	 * @param clock reads the expiry of workload-identity tokens
	 * @param ticker measures how long clients have been cached
	 */
	VaultClientCache(int maxSize, Duration ttl, Clock clock, Ticker ticker) {
		this.ttl = ttl;
		this.clock = clock;
		this.entries = Caffeine.newBuilder()
			.maximumSize(maxSize)
			.expireAfter(Expiry.creating((Key key, Entry entry) -> entry.lifetime()))
			.ticker(ticker)
			.executor(Runnable::run)
			.build();
	}

	/**
	 * The cached clients for a vault and credential, or new ones from {@code factory}.
	 */
	VaultClients get(String vaultUrl, String authorityHost, AzureCredential credential,
			Supplier<VaultClients> factory) {
		Key key = new Key(vaultUrl, authorityHost, credential.kind(), credential.tenantId(), credential.clientId(),
				credential.fingerprint());
		return this.entries.get(key, (absent) -> new Entry(factory.get(), lifetime(credential))).clients();
	}

	int size() {
		this.entries.cleanUp();
		return (int) this.entries.estimatedSize();
	}

	private Duration lifetime(AzureCredential credential) {
		if (credential.expiresAt() == null) {
			return this.ttl;
		}
		Duration untilExpiry = Duration.between(this.clock.instant(), credential.expiresAt());
		if (untilExpiry.isNegative()) {
			return Duration.ZERO;
		}
		return (untilExpiry.compareTo(this.ttl) < 0) ? untilExpiry : this.ttl;
	}

	/**
	 * The cache key; its text leaves out the fingerprint, a hash of the credential's
	 * secret.
	 */
	private record Key(String vaultUrl, String authorityHost, AzureCredential.Kind kind, String tenantId,
			String clientId, String fingerprint) {

		@Override
		public String toString() {
			return "Key[vaultUrl=" + this.vaultUrl + ", kind=" + this.kind + ", clientId=" + this.clientId + "]";
		}

	}

	private record Entry(VaultClients clients, Duration lifetime) {
	}

}
