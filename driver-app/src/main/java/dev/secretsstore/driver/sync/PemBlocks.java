package dev.secretsstore.driver.sync;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a PEM object holding a private key and a certificate chain into the {@code tls.key} and {@code tls.crt}
 * of a {@code kubernetes.io/tls} Secret.
 */
final class PemBlocks {

	private static final Pattern BLOCK = Pattern
		.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)\\s*-----END \\1-----", Pattern.DOTALL);

	private static final Set<String> KEY_TYPES = Set.of("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY");

	private static final String CERTIFICATE = "CERTIFICATE";

	private PemBlocks() {
	}

	/**
	 * The first private-key block, as PEM.
	 * @throws IllegalArgumentException when there is none
	 */
	static byte[] privateKey(byte[] pem) {
		for (Block block : blocks(pem)) {
			if (KEY_TYPES.contains(block.type())) {
				return block.encoded().getBytes(StandardCharsets.US_ASCII);
			}
		}
		throw new IllegalArgumentException("no private key PEM block (" + String.join(", ", KEY_TYPES) + ") found");
	}

	/**
	 * Every certificate block in order, as PEM.
	 * @throws IllegalArgumentException when there is none or one does not parse
	 */
	static byte[] certificates(byte[] pem) {
		StringBuilder chain = new StringBuilder();
		for (Block block : blocks(pem)) {
			if (CERTIFICATE.equals(block.type())) {
				checkCertificate(block);
				chain.append(block.encoded());
			}
		}
		if (chain.isEmpty()) {
			throw new IllegalArgumentException("no CERTIFICATE PEM block found");
		}
		return chain.toString().getBytes(StandardCharsets.US_ASCII);
	}

	private static List<Block> blocks(byte[] pem) {
		Matcher matcher = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
		List<Block> blocks = new ArrayList<>();
		while (matcher.find()) {
			blocks.add(new Block(matcher.group(1), matcher.group(2).replaceAll("\\s", "")));
		}
		return blocks;
	}

	private static void checkCertificate(Block block) {
		// a broken chain in the Secret would only surface later, as a TLS handshake failure in some other pod
		try {
			byte[] der = Base64.getDecoder().decode(block.base64());
			CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
		}
		catch (IllegalArgumentException | CertificateException ex) {
			throw new IllegalArgumentException("a CERTIFICATE PEM block does not parse: " + ex.getMessage());
		}
	}

	/**
	 * One PEM block.
	 */
	private record Block(String type, String base64) {

		String encoded() {
			StringBuilder pem = new StringBuilder("-----BEGIN ").append(this.type).append("-----\n");
			for (int start = 0; start < this.base64.length(); start += 64) {
				pem.append(this.base64, start, Math.min(start + 64, this.base64.length())).append('\n');
			}
			return pem.append("-----END ").append(this.type).append("-----\n").toString();
		}

		@Override
		public String toString() {
			// the base64 of a key block is the key itself
			return "PEM block " + this.type;
		}

	}

}
