package dev.secretsstore.provider.vault.client;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The size-bounded cache of logged-in clients (the Go provider's {@code -cache-size}), so
 * a pod's Vault token outlives one mount; with size 0 every mount gets a new client and
 * logs in. A session holds nothing to close: one dropped while a mount uses it keeps
 * working.
 */
public final class VaultSessions {

	private final VaultHttpClients httpClients;

	private final Clock clock;

	private final Cache<VaultSessionKey, VaultSession> sessions;

	public VaultSessions(int maxSize, VaultHttpClients httpClients, Clock clock) {
		this.httpClients = httpClients;
		this.clock = clock;
		this.sessions = Caffeine.newBuilder().maximumSize(maxSize).executor(Runnable::run).build();
	}

	/**
	 * The client of {@code key}, created when there is none.
	 * @throws IllegalArgumentException naming the TLS parameter whose file is unusable
	 */
	public VaultSession get(VaultSessionKey key) {
		return this.sessions.get(key, this::create);
	}

	int size() {
		this.sessions.cleanUp();
		return (int) this.sessions.estimatedSize();
	}

	private VaultSession create(VaultSessionKey key) {
		return new VaultSession(key, this.httpClients.get(key.tls()), this.clock);
	}

}
