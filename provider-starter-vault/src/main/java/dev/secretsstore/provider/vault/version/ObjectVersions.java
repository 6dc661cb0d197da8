package dev.secretsstore.provider.vault.version;

import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.secretsstore.provider.vault.objects.VaultObject;

/**
 * Derives an object's version exactly as the Go provider does
 * ({@code generateObjectVersion} in its {@code internal/provider}), so the versions of
 * both match byte for byte: base64url (padded) of HMAC-SHA256, keyed with the shared key,
 * over Go's JSON of the object's settings followed by the content. The settings are
 * hashed too, so two objects with equal content do not show equal versions. Without a key
 * there is no version (an empty one), never a plain hash: versions are shown to anyone
 * who can read pod statuses, and a plain hash of a short password can be reversed by
 * guessing.
 */
public final class ObjectVersions {

	private static final String HMAC = "HmacSHA256";

	private ObjectVersions() {
	}

	/**
	 * @param key the HMAC key, or {@code null} for none
	 */
	public static String of(VaultObject object, byte[] content, byte[] key) {
		if (key == null) {
			return "";
		}
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(new SecretKeySpec(key, HMAC));
			mac.update(GoJson.secret(object));
			return Base64.getUrlEncoder().encodeToString(mac.doFinal(content));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

}
