package dev.secretsstore.provider.azure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;

/**
 * Writes keys and certificates as PEM, as the Go provider does: public keys as
 * {@code PUBLIC KEY}, private keys as PKCS#8 {@code PRIVATE KEY}, certificates as
 * {@code CERTIFICATE}.
 */
final class Pem {

	private static final Base64.Encoder MIME = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

	private Pem() {
	}

	static String block(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + MIME.encodeToString(der) + "\n-----END " + type + "-----\n";
	}

	/**
	 * The private key and certificate chain (as the PFX orders it, leaf first) of a
	 * password-less PFX, the form Key Vault keeps a certificate's secret in.
	 * @throws IllegalArgumentException when the bytes are not such a PFX; the message
	 * quotes none of them
	 */
	static String fromPfx(byte[] pfx) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(new ByteArrayInputStream(pfx), new char[0]);
			StringBuilder pem = new StringBuilder();
			for (String alias : Collections.list(store.aliases())) {
				Key key = store.getKey(alias, new char[0]);
				if (key instanceof PrivateKey privateKey) {
					pem.append(block("PRIVATE KEY", privateKey.getEncoded()));
					for (Certificate certificate : store.getCertificateChain(alias)) {
						pem.append(block("CERTIFICATE", certificate.getEncoded()));
					}
					return pem.toString();
				}
			}
			throw new IllegalArgumentException("has no private key");
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalArgumentException("is not a password-less PFX (" + ex.getClass().getSimpleName() + ")",
					ex);
		}
	}

}
