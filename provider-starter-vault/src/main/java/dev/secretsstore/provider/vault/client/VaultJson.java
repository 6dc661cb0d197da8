package dev.secretsstore.provider.vault.client;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the provider, set up to write JSON as Go's {@code encoding/json}
 * does where it matters: object keys sorted, numbers kept as Vault sent them.
 */
public final class VaultJson {

	static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
		.enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
		.build();

	private VaultJson() {
	}

	/**
	 * Parses {@code bytes}, or answers {@code null} when they are not JSON; the caller
	 * names what was parsed, since a parser message may quote the input.
	 */
	public static JsonNode readOrNull(byte[] bytes) {
		try {
			return MAPPER.readTree(bytes);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	public static byte[] write(Object value) {
		return MAPPER.writeValueAsBytes(value);
	}

}
