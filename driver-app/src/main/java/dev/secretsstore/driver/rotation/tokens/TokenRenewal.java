package dev.secretsstore.driver.rotation.tokens;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.volume.ErrorTypes;
import dev.secretsstore.driver.volume.KubeletCredentials;
import dev.secretsstore.driver.volume.KubeletCredentials.Credentials;
import dev.secretsstore.driver.volume.VolumeException;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ServiceAccountTokens;
import dev.secretsstore.provider.ServiceAccountTokens.ServiceAccountToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.secretsstore.driver.volume.VolumeException.Kind.FAILED_PRECONDITION;
import static dev.secretsstore.driver.volume.VolumeException.Kind.INTERNAL;
import static dev.secretsstore.driver.volume.VolumeException.Kind.NOT_FOUND;
import static dev.secretsstore.driver.volume.VolumeException.Kind.PERMISSION_DENIED;

/**
 * Makes sure a refresh never hands the provider a dead service-account token. kubelet's
 * tokens are as fresh as its last publish of the volume; without republish (rotation
 * trigger {@code scheduler}, or no {@code requiresRepublish} on the CSIDriver) they
 * expire, often after an hour, and every rotation would then fail at the store with an
 * authentication error. So before a refresh each audience's token that has expired, or
 * expires within {@link #MARGIN}, is replaced by one minted for the pod's service
 * account, bound to the pod, for as long as kubelet's was issued for. The JSON keeps
 * kubelet's format, so the provider cannot tell the difference. Minted tokens stay with
 * kubelet's credentials, in memory only, until they expire in turn, kubelet republishes
 * or the volume is unpublished. Without a minter, or when minting fails, the refresh
 * fails with a message saying what to change, and the provider is not called.
 */
public class TokenRenewal {

	/**
	 * How long before its expiry a token already counts as expired. The provider presents
	 * the token to the store at the start of its call, so it needs seconds of validity;
	 * 30 s leave room for clock skew between node, API server and store, and for a slow
	 * start. It stays below the two minutes or more kubelet leaves on every token it
	 * sends (kubelet renews at 80 % of a lifetime of at least 10 minutes), so a token
	 * fresh from a republish is never replaced.
	 */
	static final Duration MARGIN = Duration.ofSeconds(30);

	/**
	 * The lifetime asked for when kubelet's token does not tell its own: the TokenRequest
	 * API's default.
	 */
	static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

	/** The TokenRequest API's minimum lifetime. */
	static final Duration MIN_LIFETIME = Duration.ofMinutes(10);

	/**
	 * kubelet renews any token older than a day, whatever its lifetime; a minted one
	 * lives no longer.
	 */
	static final Duration MAX_LIFETIME = Duration.ofHours(24);

	static final String REPUBLISH = "let kubelet send fresh tokens by republishing the volume (requiresRepublish: "
			+ "true on the CSIDriver and --rotation-trigger=republish or both)";

	/** Advice when minting is off in cluster mode. */
	public static final String MINTING_OFF = "Token minting is off: start the driver with --enable-token-minting (Helm "
			+ "tokenMinting.enabled), which needs RBAC to create serviceaccounts/token, or " + REPUBLISH;

	/** Advice in standalone mode, where there is no API server to mint with. */
	public static final String STANDALONE = "Standalone mode has no API server to mint tokens with: " + REPUBLISH;

	private static final Logger logger = LoggerFactory.getLogger(TokenRenewal.class);

	private final KubeletCredentials credentials;

	private final TokenMinter minter;

	private final String withoutMinter;

	private final Clock clock;

	/**
	 * @param minter the minter, or null when tokens cannot be minted
	 * @param withoutMinter what to do instead, when {@code minter} is null
	 */
	public TokenRenewal(KubeletCredentials credentials, TokenMinter minter, String withoutMinter, Clock clock) {
		this.credentials = credentials;
		this.minter = minter;
		this.withoutMinter = withoutMinter;
		this.clock = clock;
	}

	/**
	 * The credentials to call the provider with for the volume at {@code target}:
	 * kubelet's latest, with every expired or expiring token replaced by a minted one.
	 * Call it holding the volume's lock.
	 * @throws VolumeException when a token is expired or expiring and cannot be minted;
	 * the message names the pod, the audience and what to change
	 */
	public Credentials renew(Path target, MountedVolume volume) {
		Credentials current = this.credentials.get(target);
		if (current == Credentials.NONE && this.minter != null) {
			return mintUnknown(target, volume);
		}
		Map<String, ServiceAccountToken> tokens = parse(current.tokens());
		Instant now = this.clock.instant();
		Map<String, Instant> stale = new TreeMap<>();
		tokens.forEach((audience, token) -> {
			Instant expiry = expiry(token);
			if (expiry != null && !expiry.isAfter(now.plus(MARGIN))) {
				stale.put(audience, expiry);
			}
		});
		if (stale.isEmpty()) {
			return current;
		}
		if (current.podGone() != null) {
			// the API server said so before: asking again cannot help, and kubelet will
			// unmount the volume
			throw new VolumeException(NOT_FOUND, ErrorTypes.POD_NOT_FOUND, current.podGone());
		}
		Map.Entry<String, Instant> first = stale.entrySet().iterator().next();
		if (this.minter == null) {
			throw new VolumeException(FAILED_PRECONDITION, ErrorTypes.SERVICE_ACCOUNT_TOKEN_EXPIRED,
					expired(volume, first.getKey(), first.getValue(), now)
							+ " and kubelet has not sent a new one, so the provider was not called. "
							+ this.withoutMinter);
		}
		String serviceAccount = volume.volumeContext().getOrDefault(MountRequest.SERVICE_ACCOUNT_NAME, "");
		if (serviceAccount.isEmpty()) {
			throw new VolumeException(FAILED_PRECONDITION, ErrorTypes.FAILED_TO_MINT_TOKEN,
					expired(volume, first.getKey(), first.getValue(), now) + ", and no token can be minted: the "
							+ "volume context names no service account (" + MountRequest.SERVICE_ACCOUNT_NAME + ")");
		}
		return mint(target, volume, serviceAccount, current, tokens, stale, now);
	}

	/**
	 * Kubelet has sent nothing for this volume since the driver started (it was restored
	 * from its pod status), so its tokens are not known: mint one for each audience of
	 * the CSIDriver's {@code tokenRequests}, as kubelet would send them. Without
	 * republish kubelet never sends them again, and every rotation would reach the store
	 * without a token.
	 */
	private Credentials mintUnknown(Path target, MountedVolume volume) {
		String serviceAccount = volume.volumeContext().getOrDefault(MountRequest.SERVICE_ACCOUNT_NAME, "");
		List<String> audiences = serviceAccount.isEmpty() ? List.of() : this.minter.audiences();
		if (audiences.isEmpty()) {
			return Credentials.NONE;
		}
		Map<String, ServiceAccountToken> minted = new TreeMap<>();
		for (String audience : audiences) {
			try {
				minted.put(audience, this.minter.mint(volume.pod(), serviceAccount, audience, DEFAULT_LIFETIME));
			}
			catch (TokenMintingException ex) {
				String message = "cannot mint a service-account token for audience " + quoted(audience) + " of pod "
						+ volume.pod() + ", whose tokens are not known since the driver restarted: " + ex.getMessage();
				throw new VolumeException(kindOf(ex), errorTypeOf(ex), message, ex);
			}
		}
		logger.info("Minted service-account tokens for audiences {} of pod {}: kubelet has not published its volume "
				+ "since the driver started", minted.keySet(), volume.pod());
		Credentials result = Credentials.NONE.withTokens(json(minted));
		this.credentials.minted(target, result);
		return this.credentials.get(target);
	}

	private Credentials mint(Path target, MountedVolume volume, String serviceAccount, Credentials current,
			Map<String, ServiceAccountToken> tokens, Map<String, Instant> stale, Instant now) {
		Map<String, ServiceAccountToken> renewed = new TreeMap<>(tokens);
		for (Map.Entry<String, Instant> entry : stale.entrySet()) {
			String audience = entry.getKey();
			try {
				ServiceAccountToken minted = this.minter.mint(volume.pod(), serviceAccount, audience,
						lifetime(tokens.get(audience)));
				renewed.put(audience, minted);
				logger.info(
						"Minted a service-account token for audience {} of pod {}, valid until {}: kubelet's "
								+ "expired at {}",
						quoted(audience), volume.pod(), minted.expiresAt(), entry.getValue());
			}
			catch (TokenMintingException ex) {
				String message = cannotMint(volume, audience, entry.getValue(), ex);
				// tokens minted for other audiences stay good; a gone pod is not asked
				// for again
				Credentials kept = renewed.equals(tokens) ? current : current.withTokens(json(renewed));
				if (ex.reason() == TokenMintingException.Reason.POD_GONE) {
					kept = kept.withPodGone(message);
				}
				this.credentials.renewed(target, kept);
				throw new VolumeException(kindOf(ex), errorTypeOf(ex), message, ex);
			}
		}
		Credentials result = current.withTokens(json(renewed));
		this.credentials.renewed(target, result);
		return result;
	}

	/**
	 * When {@code token} expires: kubelet's timestamp, else the JWT's {@code exp}; null
	 * when neither tells.
	 */
	static Instant expiry(ServiceAccountToken token) {
		return (token.expiresAt() != null) ? token.expiresAt() : JwtClaims.of(token.jwt()).expiresAt();
	}

	/**
	 * How long to mint a replacement of {@code token} for: as long as it was issued for
	 * (its JWT's {@code exp} minus {@code iat}), else the API's default of an hour;
	 * within the API's minimum and kubelet's one day.
	 */
	static Duration lifetime(ServiceAccountToken token) {
		Duration issued = JwtClaims.of(token.jwt()).lifetime().orElse(DEFAULT_LIFETIME);
		if (issued.compareTo(MIN_LIFETIME) < 0) {
			return MIN_LIFETIME;
		}
		return (issued.compareTo(MAX_LIFETIME) > 0) ? MAX_LIFETIME : issued;
	}

	/**
	 * The tokens as kubelet writes them:
	 * {@code {"<audience>":{"token":"…","expirationTimestamp":"<RFC 3339>"}}}, audiences
	 * sorted, times in UTC to the second.
	 */
	static String json(Map<String, ServiceAccountToken> tokens) {
		JsonObject root = new JsonObject();
		new TreeMap<>(tokens).forEach((audience, token) -> {
			JsonObject entry = new JsonObject();
			entry.addProperty("token", token.jwt());
			Instant expiry = expiry(token);
			if (expiry != null) {
				entry.addProperty("expirationTimestamp",
						DateTimeFormatter.ISO_INSTANT.format(expiry.truncatedTo(ChronoUnit.SECONDS)));
			}
			else {
				entry.add("expirationTimestamp", JsonNull.INSTANCE);
			}
			root.add(audience, entry);
		});
		return root.toString();
	}

	private static Map<String, ServiceAccountToken> parse(String tokens) {
		try {
			return ServiceAccountTokens.parse(tokens);
		}
		catch (IllegalArgumentException ex) {
			// passed on as kubelet sent it: the provider reports it as it would on
			// publish
			return Map.of();
		}
	}

	private static String expired(MountedVolume volume, String audience, Instant expiry, Instant now) {
		String when = expiry.isAfter(now) ? "expires at " + expiry + ", within " + MARGIN.toSeconds() + "s"
				: "expired at " + expiry;
		return "the service-account token for audience " + quoted(audience) + " of pod " + volume.pod() + " " + when;
	}

	private static String cannotMint(MountedVolume volume, String audience, Instant expiry, TokenMintingException ex) {
		String message = "cannot mint a service-account token for audience " + quoted(audience) + " of pod "
				+ volume.pod() + " to replace kubelet's (valid until " + expiry + "): " + ex.getMessage();
		return switch (ex.reason()) {
			case FORBIDDEN -> message + ". Allow the driver to create serviceaccounts/token (Helm "
					+ "tokenMinting.enabled installs that RBAC), or " + REPUBLISH;
			case POD_GONE -> message + ". Nothing to do: the volume keeps its last content until kubelet unmounts it";
			case FAILED -> message + ". Rotation retries with backoff; to avoid minting, " + REPUBLISH;
		};
	}

	private static VolumeException.Kind kindOf(TokenMintingException ex) {
		return switch (ex.reason()) {
			case FORBIDDEN -> PERMISSION_DENIED;
			case POD_GONE -> NOT_FOUND;
			case FAILED -> INTERNAL;
		};
	}

	private static String errorTypeOf(TokenMintingException ex) {
		return (ex.reason() == TokenMintingException.Reason.POD_GONE) ? ErrorTypes.POD_NOT_FOUND
				: ErrorTypes.FAILED_TO_MINT_TOKEN;
	}

	private static String quoted(String audience) {
		return audience.isEmpty() ? "\"\" (the API server's)" : "\"" + audience + "\"";
	}

}
