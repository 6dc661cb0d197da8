package dev.secretsstore.provider.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.vault.support.PemObject;

/**
 * Reads PEM blocks: certificates, and private keys in PKCS#8 ({@code PRIVATE KEY}: RSA,
 * EC, Ed25519) or PKCS#1 ({@code RSA PRIVATE KEY}) form.
 */
final class PemKeys {

	private static final Pattern BLOCK = Pattern
		.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

	private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "EdDSA");

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
	 * The private key in {@code file}.
	 * @throws IllegalArgumentException naming {@code parameter} and the file, never
	 * quoting the key
	 */
	static PrivateKey read(Path file, String parameter) {
		byte[] pem;
		try {
			pem = Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("'" + parameter + "' " + file + " cannot be read: " + ex, ex);
		}
		for (byte[] der : blocks(pem, "PRIVATE KEY")) {
			for (String algorithm : KEY_ALGORITHMS) {
				try {
					return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
				}
				catch (GeneralSecurityException ex) {
					// not this algorithm: try the next
				}
			}
		}
		if (!blocks(pem, "RSA PRIVATE KEY").isEmpty()) {
			try {
				PemObject key = PemObject.parse(new String(pem, StandardCharsets.US_ASCII))
					.stream()
					.filter(PemObject::isPrivateKey)
					.findFirst()
					.orElseThrow();
				return KeyFactory.getInstance("RSA").generatePrivate(key.getRSAPrivateKeySpec());
			}
			catch (GeneralSecurityException | RuntimeException ex) {
				throw new IllegalArgumentException("'" + parameter + "' " + file + " holds an unreadable RSA key", ex);
			}
		}
		throw new IllegalArgumentException("'" + parameter + "' " + file + " holds no unencrypted PKCS#8 or PKCS#1 "
				+ "RSA private key (convert others with 'openssl pkcs8 -topk8 -nocrypt')");
	}

}
