package dev.secretsstore.provider.vault;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The least-recently-used cache of logged-in clients (the Go provider's
 * {@code -cache-size}), so a pod's Vault token outlives one mount; with size 0 every
 * mount gets a new client and logs in.
 */
final class VaultSessions {

	private final int maxSize;

	private final VaultHttpClients httpClients;

	private final Clock clock;

	private final Map<VaultSessionKey, VaultSession> sessions;

	VaultSessions(int maxSize, VaultHttpClients httpClients, Clock clock) {
		this.maxSize = maxSize;
		this.httpClients = httpClients;
		this.clock = clock;
		this.sessions = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<VaultSessionKey, VaultSession> eldest) {
				return size() > VaultSessions.this.maxSize;
			}

		};
	}

	/**
	 * The client of {@code key}, created when there is none.
	 * @throws IllegalArgumentException naming the TLS parameter whose file is unusable
	 */
	VaultSession get(VaultSessionKey key) {
		if (this.maxSize == 0) {
			return create(key);
		}
		synchronized (this.sessions) {
			VaultSession session = this.sessions.get(key);
			if (session == null) {
				session = create(key);
				this.sessions.put(key, session);
			}
			return session;
		}
	}

	int size() {
		synchronized (this.sessions) {
			return this.sessions.size();
		}
	}

	private VaultSession create(VaultSessionKey key) {
		return new VaultSession(key, this.httpClients.get(key.tls()), this.clock);
	}

}
