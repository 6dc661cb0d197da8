package dev.secretsstore.provider.plugin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads a flat JSON object of strings exactly as Go's {@code encoding/json} does for a
 * {@code map[string]string}, the form the v1alpha1 protocol uses for attributes and secrets.
 */
final class FlatJson {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private FlatJson() {
	}

	/**
	 * Writes {@code map} like Go's {@code json.Marshal}: keys sorted by their UTF-8 bytes, no whitespace, and
	 * {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped, so both drivers send byte-identical requests.
	 */
	static String write(Map<String, String> map) {
		List<String> keys = new ArrayList<>(map.keySet());
		keys.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
				b.getBytes(StandardCharsets.UTF_8)));
		StringBuilder out = new StringBuilder("{");
		for (String key : keys) {
			if (out.length() > 1) {
				out.append(',');
			}
			quote(key, out);
			out.append(':');
			quote(map.get(key), out);
		}
		return out.append('}').toString();
	}

	private static void quote(String text, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"', '\\' -> out.append('\\').append(c);
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '<', '>', '&', '\u2028', '\u2029' -> unicode(c, out);
				default -> {
					if (c < 0x20) {
						unicode(c, out);
					}
					else if (Character.isHighSurrogate(c) && i + 1 < text.length()
							&& Character.isLowSurrogate(text.charAt(i + 1))) {
						out.append(c).append(text.charAt(++i));
					}
					else if (Character.isSurrogate(c)) {
						// Go replaces invalid UTF-8 with U+FFFD; a lone surrogate is Java's equivalent
						out.append("\\ufffd");
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

	private static void unicode(char c, StringBuilder out) {
		out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
				.append(HEX[c & 0xF]);
	}

	/**
	 * Reads a JSON object whose values are all strings, as Go's {@code json.Unmarshal} into a
	 * {@code map[string]string} does; empty text or {@code null} is an empty map.
	 * @param field names the request field in error messages, which never quote the text: it may hold secrets
	 * @throws IllegalArgumentException when the text is not such an object
	 */
	static Map<String, String> read(String json, String field) {
		return new FlatJsonParser(json, field).object();
	}

}
