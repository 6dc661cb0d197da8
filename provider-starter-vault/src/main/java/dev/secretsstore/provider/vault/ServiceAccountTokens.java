package dev.secretsstore.provider.vault;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Reads the pod's service-account tokens that kubelet passes when the CSIDriver object has {@code tokenRequests}:
 * JSON {@code {"<audience>":{"token":"<jwt>","expirationTimestamp":"<RFC 3339>"}}}.
 */
final class ServiceAccountTokens {

	private ServiceAccountTokens() {
	}

	/**
	 * The token of each audience; empty for empty input.
	 * @throws IllegalArgumentException when the input is not such JSON; the message quotes none of it
	 */
	static Map<String, String> parse(String json) {
		Map<String, String> tokens = new LinkedHashMap<>();
		if (json == null || json.isBlank()) {
			return tokens;
		}
		JsonNode root = VaultJson.readOrNull(json.getBytes(StandardCharsets.UTF_8));
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("is not a JSON object of audiences");
		}
		for (Map.Entry<String, JsonNode> entry : root.properties()) {
			JsonNode token = entry.getValue().path("token");
			if (token.isString() && !token.stringValue().isEmpty()) {
				tokens.put(entry.getKey(), token.stringValue());
			}
		}
		return tokens;
	}

}
