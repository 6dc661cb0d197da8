package dev.secretsstore.provider.aws.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.aws.client.AwsClientFactory;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Sessions per (region, pod identity), kept until shortly before their credentials
 * expire, so that the rotation polls of one pod exchange its token once per credentials
 * lifetime rather than on every mount. A session is closed when it expires, is evicted or
 * replaced; a mount still using it is not cut off (see {@link AwsSession#close()}).
 */
public final class SessionCache implements AutoCloseable {

	/**
	 * Credentials are renewed this long before they expire, so none expires during a
	 * mount.
	 */
	public static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);

	/** How long credentials without an expiration time are kept. */
	static final Duration UNDATED_LIFETIME = Duration.ofMinutes(15);

	static final int MAX_SESSIONS = 1000;

	private final Cache<Key, AwsSession> sessions;

	private final AwsClientFactory clients;

	private final Clock clock;

	public SessionCache(AwsClientFactory clients) {
		this(clients, Clock.systemUTC(), Ticker.systemTicker());
	}

	/**
	 * @param clock reads the credentials' expiration times
	 * @param ticker measures how long sessions have been cached
	 */
	SessionCache(AwsClientFactory clients, Clock clock, Ticker ticker) {
		this.clients = clients;
		this.clock = clock;
		this.sessions = Caffeine.newBuilder()
			.maximumSize(MAX_SESSIONS)
			.expireAfter(Expiry.writing((Key key, AwsSession session) -> lifetime(session)))
			.ticker(ticker)
			// evicted sessions are closed on the thread that evicts them
			.executor(Runnable::run)
			.removalListener((Key key, AwsSession session, RemovalCause cause) -> session.close())
			.build();
	}

	/**
	 * A session for {@code credentials} in {@code region}, loading credentials when none
	 * are cached or they near their expiry.
	 */
	public AwsSession session(String region, PodCredentials credentials) throws ProviderException {
		Key key = new Key(region, credentials.identity());
		AwsSession cached = this.sessions.getIfPresent(key);
		if (cached != null) {
			return cached;
		}
		AwsSessionCredentials loaded = credentials.load(region);
		Instant usableUntil = loaded.expirationTime()
			.map((expiry) -> expiry.minus(RENEW_BEFORE_EXPIRY))
			.orElseGet(() -> this.clock.instant().plus(UNDATED_LIFETIME));
		AwsSession session = new AwsSession(region, loaded, usableUntil, this.clients);
		if (!lifetime(session).isZero()) {
			// closes the session it replaces
			this.sessions.put(key, session);
		}
		else {
			// credentials already within the renewal margin serve this mount only:
			// cached, they would expire, and be closed, at once
			this.sessions.invalidate(key);
		}
		return session;
	}

	public int size() {
		this.sessions.cleanUp();
		return (int) this.sessions.estimatedSize();
	}

	private Duration lifetime(AwsSession session) {
		Duration lifetime = Duration.between(this.clock.instant(), session.usableUntil());
		return lifetime.isNegative() ? Duration.ZERO : lifetime;
	}

	@Override
	public void close() {
		this.sessions.invalidateAll();
		this.sessions.cleanUp();
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
