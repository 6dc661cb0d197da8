package dev.secretsstore.provider;

import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;

/**
 * Reads the pod's service-account tokens that kubelet passes when the CSIDriver object
 * has {@code tokenRequests} ({@link MountRequest#SERVICE_ACCOUNT_TOKENS}): JSON
 * {@code {"<audience>":{"token":"<jwt>","expirationTimestamp":"<RFC 3339>"}}}.
 */
public final class ServiceAccountTokens {

	private ServiceAccountTokens() {
	}

	/**
	 * The tokens by audience, from the attributes or, as kubelet 1.35+ sends them, the
	 * secrets; entries without a token are left out.
	 * @throws IllegalArgumentException when the value is not such JSON; the message
	 * quotes none of it
	 */
	public static Map<String, ServiceAccountToken> of(MountRequest request) {
		String json = request.attributes().get(MountRequest.SERVICE_ACCOUNT_TOKENS);
		return parse(
				(json == null || json.isBlank()) ? request.secrets().get(MountRequest.SERVICE_ACCOUNT_TOKENS) : json);
	}

	/**
	 * The tokens by audience in {@code json}; empty for empty input.
	 * @throws IllegalArgumentException when it is not such JSON; the message quotes none
	 * of it (it holds tokens)
	 */
	public static Map<String, ServiceAccountToken> parse(String json) {
		if (json == null || json.isBlank()) {
			return Map.of();
		}
		JsonObject audiences;
		try {
			JsonReader reader = new JsonReader(new StringReader(json));
			reader.setStrictness(Strictness.STRICT);
			JsonElement root = JsonParser.parseReader(reader);
			if (!root.isJsonObject()) {
				throw notAudiences();
			}
			audiences = root.getAsJsonObject();
		}
		catch (JsonParseException ex) {
			throw notAudiences();
		}
		Map<String, ServiceAccountToken> tokens = new LinkedHashMap<>();
		for (Map.Entry<String, JsonElement> entry : audiences.entrySet()) {
			if (entry.getValue().isJsonObject()) {
				JsonObject value = entry.getValue().getAsJsonObject();
				String token = string(value, "token");
				if (!token.isEmpty()) {
					tokens.put(entry.getKey(),
							new ServiceAccountToken(token, instant(string(value, "expirationTimestamp"))));
				}
			}
		}
		return Collections.unmodifiableMap(tokens);
	}

	private static String string(JsonObject object, String name) {
		JsonElement value = object.get(name);
		return (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) ? value.getAsString()
				: "";
	}

	private static Instant instant(String text) {
		try {
			return text.isEmpty() ? null : Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static IllegalArgumentException notAudiences() {
		return new IllegalArgumentException("is not a JSON object of audiences");
	}

	/**
	 * A service-account token and when it expires, if kubelet said.
	 *
	 * @param jwt the token
	 * @param expiresAt its expiry, or null
	 */
	public record ServiceAccountToken(String jwt, Instant expiresAt) {

		/**
		 * Never prints the token.
		 */
		@Override
		public String toString() {
			return "ServiceAccountToken[expiresAt=" + this.expiresAt + "]";
		}

	}

}
