package dev.secretsstore.driver.logging;

/**
 * Text that came from outside the driver (a CSI request, a provider, a file), made safe
 * to quote in a message.
 */
public final class Untrusted {

	/** How many characters of one quoted value are kept. */
	public static final int LIMIT = 256;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private Untrusted() {
	}

	/**
	 * {@code value} cut to {@value #LIMIT} characters, with an ellipsis and its length
	 * when cut, so that a 1 MB request field does not become a 1 MB error message or log
	 * line.
	 */
	public static String bound(String value) {
		return bound(value, LIMIT);
	}

	/**
	 * {@code value} cut to {@code limit} characters, with an ellipsis and its length when
	 * cut.
	 */
	public static String bound(String value, int limit) {
		if (value == null || value.length() <= limit) {
			return value;
		}
		int end = Character.isHighSurrogate(value.charAt(limit - 1)) ? limit - 1 : limit;
		return value.substring(0, end) + "... (" + value.length() + " characters)";
	}

	/**
	 * {@code text} with every control character escaped: {@code \n}, {@code \r} and
	 * {@code \t} as such, the others of C0 and C1, DEL (so ANSI ESC too) and the Unicode
	 * line and paragraph separators as {@code \}{@code uXXXX}. A value can then neither
	 * end a log line and forge the next one nor recolour or erase a terminal. Backslashes
	 * are left alone: an escape cannot end a line either.
	 */
	public static String escape(String text) {
		if (text == null) {
			return null;
		}
		int first = 0;
		while (first < text.length() && !isControl(text.charAt(first))) {
			first++;
		}
		if (first == text.length()) {
			return text;
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
		for (int i = first; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				default -> {
					if (isControl(c)) {
						escaped.append("\\u")
							.append(HEX[c >> 12])
							.append(HEX[(c >> 8) & 0xf])
							.append(HEX[(c >> 4) & 0xf])
							.append(HEX[c & 0xf]);
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

	private static boolean isControl(char c) {
		return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
	}

}
