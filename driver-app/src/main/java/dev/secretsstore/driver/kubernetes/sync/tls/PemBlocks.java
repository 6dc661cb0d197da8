package dev.secretsstore.driver.kubernetes.sync.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes PEM blocks ({@code -----BEGIN TYPE-----}) as Go's {@code encoding/pem}
 * does for the Go driver: text around the blocks is skipped, RFC 1421 headers (such as
 * {@code Proc-Type: 4,ENCRYPTED}) are read, and blocks are written without headers, in
 * lines of 64 characters.
 */
final class PemBlocks {

	private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)\\s*-----END \\1-----",
			Pattern.DOTALL);

	private static final Base64.Encoder LINES = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

	private PemBlocks() {
	}

	/**
	 * Every PEM block in {@code content}, in order; none when it holds no PEM.
	 */
	static List<Block> decode(byte[] content) {
		Matcher matcher = BLOCK.matcher(new String(content, StandardCharsets.ISO_8859_1));
		List<Block> blocks = new ArrayList<>();
		while (matcher.find()) {
			blocks.add(block(matcher.group(1), matcher.group(2)));
		}
		return blocks;
	}

	/**
	 * One PEM block, as Go's {@code pem.EncodeToMemory} writes it.
	 */
	static byte[] encode(String type, byte[] der) {
		String pem = "-----BEGIN " + type + "-----\n" + LINES.encodeToString(der) + "\n-----END " + type + "-----\n";
		return pem.getBytes(StandardCharsets.US_ASCII);
	}

	private static Block block(String type, String body) {
		boolean encrypted = false;
		StringBuilder base64 = new StringBuilder();
		boolean inHeaders = true;
		for (String line : body.split("\\R")) {
			// base64 has no colon, so the leading lines that have one are the headers
			if (inHeaders && line.contains(":")) {
				encrypted |= line.startsWith("Proc-Type:") && line.contains("ENCRYPTED");
				continue;
			}
			inHeaders = false;
			base64.append(line.strip());
		}
		return new Block(type, encrypted, base64.toString());
	}

	/**
	 * One PEM block.
	 *
	 * @param type the word(s) after {@code BEGIN}
	 * @param encrypted whether a {@code Proc-Type} header says the content is encrypted
	 * (legacy OpenSSL keys)
	 * @param base64 the content without headers and line breaks
	 */
	record Block(String type, boolean encrypted, String base64) {

		/**
		 * The decoded content.
		 * @throws IllegalArgumentException when it is not valid base64
		 */
		byte[] der() {
			try {
				return Base64.getDecoder().decode(this.base64);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("the " + this.type + " PEM block is not valid base64");
			}
		}

		@Override
		public String toString() {
			// the base64 of a key block is the key itself
			return "PEM block " + this.type;
		}

	}

}
