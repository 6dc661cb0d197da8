package dev.secretsstore.provider.azure;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

/**
 * Shares one Entra ID token between the secret, key and certificate clients of a vault
 * until five minutes before it expires; the SDK's own caches are per client, and a
 * CAE-enabled request skips the identity library's cache.
 */
final class CachingTokenCredential implements TokenCredential {

	private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);

	private final TokenCredential delegate;

	private final Map<Key, AccessToken> tokens = new HashMap<>();

	CachingTokenCredential(TokenCredential delegate) {
		this.delegate = delegate;
	}

	@Override
	public Mono<AccessToken> getToken(TokenRequestContext request) {
		Key key = Key.of(request);
		AccessToken cached = cached(key);
		if (cached != null) {
			return Mono.just(cached);
		}
		return this.delegate.getToken(request).doOnNext((token) -> remember(key, token));
	}

	@Override
	public AccessToken getTokenSync(TokenRequestContext request) {
		Key key = Key.of(request);
		AccessToken cached = cached(key);
		if (cached != null) {
			return cached;
		}
		AccessToken token = this.delegate.getTokenSync(request);
		remember(key, token);
		return token;
	}

	private AccessToken cached(Key key) {
		if (key == null) {
			return null;
		}
		synchronized (this.tokens) {
			AccessToken token = this.tokens.get(key);
			boolean fresh = token != null
					&& OffsetDateTime.now().plus(REFRESH_BEFORE_EXPIRY).isBefore(token.getExpiresAt());
			return fresh ? token : null;
		}
	}

	private void remember(Key key, AccessToken token) {
		if (key != null && token != null) {
			synchronized (this.tokens) {
				this.tokens.put(key, token);
			}
		}
	}

	/**
	 * What a token is for; a request with a claims challenge has none, so it always
	 * reaches Entra ID.
	 */
	private record Key(List<String> scopes, String tenantId) {

		static Key of(TokenRequestContext request) {
			if (request.getClaims() != null) {
				return null;
			}
			return new Key(List.copyOf(request.getScopes()), request.getTenantId());
		}

	}

}
