package dev.secretsstore.provider.vault.objects;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.vault.client.VaultJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Makes the content of one file from Vault's answer, as the Go provider does: the value
 * of {@code secretKey} from {@code data} (or {@code data.data}, for KV v2), strings as
 * they are and anything else as JSON, then decoded; or, without {@code secretKey}, the
 * whole answer as JSON.
 */
public final class SecretContents {

	private SecretContents() {
	}

	/**
	 * @param response Vault's parsed answer, with a {@code data} object
	 * @throws ProviderException when the key is missing or its value does not decode;
	 * never quoting the value
	 */
	public static byte[] extract(JsonNode response, VaultObject object, String path) throws ProviderException {
		if (object.secretKey().isEmpty()) {
			return wholeResponse(response);
		}
		JsonNode data = response.path("data");
		JsonNode inner = data.path("data");
		JsonNode values = inner.isObject() ? inner : data;
		if (!values.has(object.secretKey())) {
			throw new ProviderException(Reason.NOT_FOUND, "VaultKeyNotFound", "object '" + object.objectName()
					+ "': key '" + object.secretKey() + "' does not exist at the secret path " + path);
		}
		JsonNode value = values.get(object.secretKey());
		byte[] content = value.isString() ? value.stringValue().getBytes(StandardCharsets.UTF_8)
				: VaultJson.write(value);
		try {
			return object.encoding().decode(content);
		}
		catch (IllegalArgumentException ex) {
			throw new ProviderException(Reason.FAILED, "VaultDecodeFailed", "object '" + object.objectName()
					+ "': the value of key '" + object.secretKey() + "' at " + path + " " + ex.getMessage());
		}
	}

	/**
	 * The answer with the fields, field order and omissions of Go's {@code api.Secret},
	 * which the Go provider writes; keys within them are sorted, as Go's encoder sorts
	 * map keys.
	 */
	private static byte[] wholeResponse(JsonNode response) {
		Map<String, JsonNode> secret = new LinkedHashMap<>();
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		secret.put("request_id", nodes.stringNode(text(response.path("request_id"))));
		secret.put("lease_id", nodes.stringNode(text(response.path("lease_id"))));
		secret.put("lease_duration",
				response.path("lease_duration").isNumber() ? response.get("lease_duration") : nodes.numberNode(0));
		secret.put("renewable", nodes.booleanNode(response.path("renewable").booleanValue(false)));
		secret.put("data", response.get("data"));
		secret.put("warnings", response.path("warnings").isArray() ? response.get("warnings") : nodes.nullNode());
		putIfPresent(secret, "auth", response.path("auth"));
		putIfPresent(secret, "wrap_info", response.path("wrap_info"));
		if (!text(response.path("mount_type")).isEmpty()) {
			secret.put("mount_type", response.get("mount_type"));
		}
		return VaultJson.write(secret);
	}

	private static String text(JsonNode node) {
		return node.isString() ? node.stringValue() : "";
	}

	private static void putIfPresent(Map<String, JsonNode> secret, String name, JsonNode value) {
		if (value.isObject()) {
			secret.put(name, value);
		}
	}

}
