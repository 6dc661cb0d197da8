package dev.secretsstore.provider.vault.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.ssl.pem.PemContent;

/**
 * Reads PEM blocks: certificates, and private keys in the forms Go's TLS reads (PKCS#8,
 * PKCS#1 RSA, SEC1 EC).
 */
final class PemKeys {

	private static final Pattern BLOCK = Pattern
		.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

	private PemKeys() {
	}

	/**
	 * The DER content of every block of {@code type}, in order; text around the blocks is
	 * ignored.
	 */
	static List<byte[]> blocks(byte[] pem, String type) {
		List<byte[]> blocks = new ArrayList<>();
		Matcher matcher = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
		while (matcher.find()) {
			if (matcher.group(1).equals(type)) {
				blocks.add(Base64.getMimeDecoder().decode(matcher.group(2)));
			}
		}
		return blocks;
	}

	/**
	 * The private key in {@code file}: unencrypted PKCS#8 ({@code PRIVATE KEY}: RSA, EC,
	 * Ed25519), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}), the
	 * forms Go's {@code tls.X509KeyPair} reads, through Boot's {@link PemContent}.
	 * @throws IllegalArgumentException naming {@code parameter} and the file, never
	 * quoting the key
	 */
	static PrivateKey read(Path file, String parameter) {
		String pem;
		try {
			pem = Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("'" + parameter + "' " + file + " cannot be read: " + ex, ex);
		}
		if (!pem.contains("PRIVATE KEY-----")) {
			throw new IllegalArgumentException("'" + parameter + "' " + file + " holds no unencrypted PKCS#8, PKCS#1 "
					+ "RSA or SEC1 EC private key");
		}
		PrivateKey key;
		try {
			// never in a message: PemContent's toString() is the text, key included
			PemContent content = PemContent.of(pem);
			key = (content != null) ? content.getPrivateKey() : null;
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("'" + parameter + "' " + file + " holds an unreadable private key",
					null);
		}
		if (key == null) {
			throw new IllegalArgumentException("'" + parameter + "' " + file + " holds no unencrypted PKCS#8, PKCS#1 "
					+ "RSA or SEC1 EC private key");
		}
		return key;
	}

}
