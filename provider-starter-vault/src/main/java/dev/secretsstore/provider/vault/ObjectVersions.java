package dev.secretsstore.provider.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives an object's version from its configuration and content, as the Go provider does, so the same content
 * under the same configuration always has the same version and changed content a new one: base64url of
 * HMAC-SHA256 with the configured key, or of SHA-256 when there is no key. The configuration is hashed too, so two
 * objects with equal content do not show equal versions.
 */
final class ObjectVersions {

	private final byte[] key;

	/**
	 * @param key the HMAC key; empty for plain SHA-256
	 */
	ObjectVersions(String key) {
		this.key = key.getBytes(StandardCharsets.UTF_8);
	}

	String of(VaultObject object, byte[] content) {
		// as a tree, so nested argument maps are written with sorted keys too
		byte[] config = VaultJson.write(VaultJson.MAPPER.valueToTree(config(object)));
		try {
			byte[] digest;
			if (this.key.length == 0) {
				MessageDigest sha = MessageDigest.getInstance("SHA-256");
				sha.update(config);
				digest = sha.digest(content);
			}
			else {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
				mac.update(config);
				digest = mac.doFinal(content);
			}
			return Base64.getUrlEncoder().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/**
	 * The object's settings with the Go provider's field names, empty ones left out.
	 */
	private static Map<String, Object> config(VaultObject object) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("objectName", object.objectName());
		config.put("secretPath", object.secretPath());
		putIfSet(config, "secretKey", object.secretKey());
		putIfSet(config, "method", object.method());
		if (object.secretArgs() != null) {
			config.put("secretArgs", object.secretArgs());
		}
		if (object.filePermission() != 0) {
			config.put("filePermission", object.filePermission());
		}
		if (object.encoding() != VaultObject.Encoding.UTF_8) {
			config.put("encoding", object.encoding().toString());
		}
		return config;
	}

	private static void putIfSet(Map<String, Object> config, String name, String value) {
		if (!value.isEmpty()) {
			config.put(name, value);
		}
	}

}
