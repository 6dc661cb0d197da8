package dev.secretsstore.provider.plugin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict reader of one flat JSON object of strings, accepting what Go's {@code json.Unmarshal} accepts into a
 * {@code map[string]string}; error messages give an offset and never quote the text, which may hold secrets.
 */
final class FlatJsonParser {

	private static final int END = -1;

	private final String text;

	private final String field;

	private int pos;

	FlatJsonParser(String text, String field) {
		this.text = text;
		this.field = field;
	}

	/**
	 * Reads the whole text; empty or {@code null} gives an empty map, which is what Go marshals a nil map to.
	 */
	Map<String, String> object() {
		Map<String, String> map = new LinkedHashMap<>();
		int first = skipWhitespace();
		if (first == END) {
			return map;
		}
		if (first == 'n' && this.text.startsWith("null", this.pos)) {
			this.pos += 4;
		}
		else {
			members(map);
		}
		if (skipWhitespace() != END) {
			throw fail("unexpected content after the object");
		}
		return map;
	}

	private void members(Map<String, String> map) {
		expect('{');
		if (skipWhitespace() == '}') {
			this.pos++;
			return;
		}
		int next;
		do {
			skipWhitespace();
			String key = string();
			skipWhitespace();
			expect(':');
			skipWhitespace();
			// a later duplicate wins, as in Go
			map.put(key, string());
			next = skipWhitespace();
			if (next != ',' && next != '}') {
				throw fail("expected ',' or '}'");
			}
			this.pos++;
		}
		while (next == ',');
	}

	private String string() {
		if (peek() != '"') {
			throw fail("expected a string");
		}
		this.pos++;
		StringBuilder out = new StringBuilder();
		for (char c = next(); c != '"'; c = next()) {
			if (c < 0x20) {
				throw fail("unescaped control character");
			}
			out.append((c == '\\') ? escape() : c);
		}
		return out.toString();
	}

	private char escape() {
		char c = next();
		return switch (c) {
			case '"', '\\', '/' -> c;
			case 'b' -> '\b';
			case 'f' -> '\f';
			case 'n' -> '\n';
			case 'r' -> '\r';
			case 't' -> '\t';
			case 'u' -> {
				int value = 0;
				for (int i = 0; i < 4; i++) {
					int digit = Character.digit(next(), 16);
					if (digit < 0) {
						throw fail("invalid \\u escape");
					}
					value = (value << 4) | digit;
				}
				yield (char) value;
			}
			default -> throw fail("invalid escape");
		};
	}

	private void expect(char expected) {
		if (peek() != expected) {
			throw fail("expected '" + expected + "'");
		}
		this.pos++;
	}

	/** Skips JSON whitespace (only these four, as in Go) and peeks at the next character, END at the end. */
	private int skipWhitespace() {
		while (this.pos < this.text.length() && " \t\n\r".indexOf(this.text.charAt(this.pos)) >= 0) {
			this.pos++;
		}
		return peek();
	}

	private int peek() {
		return (this.pos < this.text.length()) ? this.text.charAt(this.pos) : END;
	}

	private char next() {
		if (this.pos >= this.text.length()) {
			throw fail("unexpected end");
		}
		return this.text.charAt(this.pos++);
	}

	private IllegalArgumentException fail(String problem) {
		return new IllegalArgumentException(
				this.field + " is not a JSON object of strings: " + problem + " at offset " + this.pos);
	}

}
