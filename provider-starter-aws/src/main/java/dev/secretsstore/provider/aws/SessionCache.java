package dev.secretsstore.provider.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.secretsstore.provider.ProviderException;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Sessions per (region, pod identity), kept until shortly before their credentials
 * expire, so that the rotation polls of one pod exchange its token once per credentials
 * lifetime rather than on every mount.
 */
final class SessionCache implements AutoCloseable {

	/**
	 * Credentials are renewed this long before they expire, so none expires during a
	 * mount.
	 */
	static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);

	/** How long credentials without an expiration time are kept. */
	static final Duration UNDATED_LIFETIME = Duration.ofMinutes(15);

	static final int MAX_SESSIONS = 1000;

	private final Map<Key, AwsSession> sessions = new ConcurrentHashMap<>();

	private final AwsClientFactory clients;

	SessionCache(AwsClientFactory clients) {
		this.clients = clients;
	}

	/**
	 * A session for {@code credentials} in {@code region}, loading credentials when none
	 * are cached or they near their expiry.
	 */
	AwsSession session(String region, PodCredentials credentials) throws ProviderException {
		Key key = new Key(region, credentials.identity());
		AwsSession cached = this.sessions.get(key);
		if (cached != null && cached.usableAt(Instant.now())) {
			return cached;
		}
		AwsSessionCredentials loaded = credentials.load(region);
		Instant now = Instant.now();
		Instant usableUntil = loaded.expirationTime()
			.map((expiry) -> expiry.minus(RENEW_BEFORE_EXPIRY))
			.orElse(now.plus(UNDATED_LIFETIME));
		AwsSession session = new AwsSession(region, loaded, usableUntil, this.clients);
		evict(now);
		AwsSession replaced = this.sessions.put(key, session);
		if (replaced != null) {
			replaced.close();
		}
		return session;
	}

	int size() {
		return this.sessions.size();
	}

	/**
	 * Drops expired sessions, then the soonest to expire while the cache is full.
	 */
	private void evict(Instant now) {
		this.sessions.entrySet().removeIf((entry) -> {
			boolean expired = !entry.getValue().usableAt(now);
			if (expired) {
				entry.getValue().close();
			}
			return expired;
		});
		while (this.sessions.size() >= MAX_SESSIONS) {
			this.sessions.entrySet()
				.stream()
				.min(Comparator.comparing((Map.Entry<Key, AwsSession> entry) -> entry.getValue().usableUntil()))
				.ifPresent((entry) -> {
					if (this.sessions.remove(entry.getKey(), entry.getValue())) {
						entry.getValue().close();
					}
				});
		}
	}

	@Override
	public void close() {
		this.sessions.values().forEach(AwsSession::close);
		this.sessions.clear();
	}

	/**
	 * The cache key; its text leaves out the identity, which holds a token hash.
	 */
	private record Key(String region, String identity) {

		@Override
		public String toString() {
			return "Key[region=" + this.region + "]";
		}

	}

}
