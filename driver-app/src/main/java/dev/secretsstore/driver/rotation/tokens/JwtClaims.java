package dev.secretsstore.driver.rotation.tokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The issue and expiry times in a service-account token's JWT payload. The signature is
 * not checked: the times only size and schedule a token the driver is about to replace,
 * they grant nothing. Nothing of the token is ever put in an exception or log.
 *
 * @param issuedAt the {@code iat} claim, or null
 * @param expiresAt the {@code exp} claim, or null
 */
record JwtClaims(Instant issuedAt, Instant expiresAt) {

	private static final JwtClaims NONE = new JwtClaims(null, null);

	/**
	 * The times in {@code jwt}; both null when it is not a JWT with a JSON payload.
	 */
	static JwtClaims of(String jwt) {
		String[] parts = jwt.split("\\.", -1);
		if (parts.length != 3) {
			return NONE;
		}
		try {
			String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
			JsonElement root = JsonParser.parseString(payload);
			if (!root.isJsonObject()) {
				return NONE;
			}
			return new JwtClaims(seconds(root.getAsJsonObject(), "iat"), seconds(root.getAsJsonObject(), "exp"));
		}
		catch (RuntimeException ex) {
			// any decoding or parsing failure: the message could quote the token, so it
			// is dropped
			return NONE;
		}
	}

	/**
	 * How long the token was issued for, when both times are known.
	 */
	Optional<Duration> lifetime() {
		return (this.issuedAt != null && this.expiresAt != null && this.expiresAt.isAfter(this.issuedAt))
				? Optional.of(Duration.between(this.issuedAt, this.expiresAt)) : Optional.empty();
	}

	private static Instant seconds(JsonObject claims, String name) {
		JsonElement value = claims.get(name);
		if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
			return null;
		}
		return Instant.ofEpochSecond(value.getAsLong());
	}

}
