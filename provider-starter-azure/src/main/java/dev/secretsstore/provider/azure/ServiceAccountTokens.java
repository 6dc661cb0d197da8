package dev.secretsstore.provider.azure;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one audience's token from the pod's service-account tokens that kubelet passes when the CSIDriver object has
 * {@code tokenRequests}: JSON {@code {"<audience>":{"token":"<jwt>","expirationTimestamp":"<RFC 3339>"}}}.
 */
final class ServiceAccountTokens {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private ServiceAccountTokens() {
	}

	/**
	 * The token for {@code audience}, if the JSON has a non-empty one.
	 * @throws IllegalArgumentException when the input is not such JSON; the message quotes none of it
	 */
	static Optional<Token> find(String json, String audience) {
		if (json == null || json.isBlank()) {
			return Optional.empty();
		}
		JsonNode root;
		try {
			root = MAPPER.readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("is not a JSON object of audiences");
		}
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("is not a JSON object of audiences");
		}
		JsonNode entry = root.path(audience);
		JsonNode token = entry.path("token");
		if (!token.isString() || token.stringValue().isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new Token(token.stringValue(), expiry(entry.path("expirationTimestamp"))));
	}

	private static Instant expiry(JsonNode value) {
		if (!value.isString()) {
			return null;
		}
		try {
			return Instant.parse(value.stringValue());
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * A service-account token and when it expires, if kubelet said.
	 */
	record Token(String jwt, Instant expiresAt) {

		@Override
		public String toString() {
			return "Token[expiresAt=" + this.expiresAt + "]";
		}

	}

}
