package dev.secretsstore.provider.vault.version;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.vault.objects.VaultObject;

/**
 * The bytes Go's {@code json.Marshal} makes of the Go provider's {@code config.Secret}
 * (its fields have no JSON tags, so the keys are the Go field names, in declaration
 * order, none left out), which its object versions hash: the versions match only when
 * these bytes do. The values are those {@code YamlValues} resolves as Go's yaml.v3 does.
 * Go's rules: map keys sorted by bytes; {@code <}, {@code >}, {@code &}, U+2028 and
 * U+2029 written as six-character backslash-u escapes with lower-case hex; control
 * characters as {@code \n}, {@code \r}, {@code \t}, {@code \b}, {@code \f} (Go 1.22 and
 * later) or backslash-u escapes; floats as JavaScript writes numbers (shortest round-trip
 * digits, exponent form below 1e-6 and from 1e21); integers beyond 64 bits are floats, as
 * yaml.v3 makes them.
 */
final class GoJson {

	private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private static final int LINE_SEPARATOR = 0x2028;

	private static final int PARAGRAPH_SEPARATOR = 0x2029;

	private GoJson() {
	}

	/**
	 * {@code json.Marshal(config.Secret{...})} of {@code object}.
	 */
	static byte[] secret(VaultObject object) {
		StringBuilder out = new StringBuilder("{\"ObjectName\":");
		string(out, object.objectName());
		out.append(",\"SecretPath\":");
		string(out, object.secretPath());
		out.append(",\"SecretKey\":");
		string(out, object.secretKey());
		out.append(",\"Method\":");
		string(out, object.method());
		out.append(",\"SecretArgs\":");
		value(out, object.secretArgs());
		out.append(",\"FilePermission\":").append(Integer.toUnsignedString(object.filePermission()));
		out.append(",\"Encoding\":");
		string(out, object.encodingAsWritten());
		return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
	}

	static void value(StringBuilder out, Object value) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof String text) {
			string(out, text);
		}
		else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
			out.append(value);
		}
		else if (value instanceof BigInteger integer) {
			out.append((integer.signum() >= 0 && integer.compareTo(UINT64_LIMIT) < 0) ? integer.toString()
					: number(integer.doubleValue()));
		}
		else if (value instanceof BigDecimal decimal) {
			out.append(number(decimal.doubleValue()));
		}
		else if (value instanceof Map<?, ?> map) {
			object(out, map);
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				out.append((i > 0) ? "," : "");
				value(out, list.get(i));
			}
			out.append(']');
		}
		else {
			throw new IllegalArgumentException("cannot write a " + value.getClass().getSimpleName() + " as Go does");
		}
	}

	private static void object(StringBuilder out, Map<?, ?> map) {
		List<String> keys = new ArrayList<>();
		map.keySet().forEach((key) -> keys.add(String.valueOf(key)));
		// Go compares strings byte by byte: UTF-8 order, which is code point order, not
		// Java's UTF-16 order
		keys.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
				b.getBytes(StandardCharsets.UTF_8)));
		out.append('{');
		for (int i = 0; i < keys.size(); i++) {
			out.append((i > 0) ? "," : "");
			string(out, keys.get(i));
			out.append(':');
			value(out, map.get(keys.get(i)));
		}
		out.append('}');
	}

	static void string(StringBuilder out, String text) {
		out.append('"');
		for (int i = 0; i < text.length();) {
			int c = text.codePointAt(i);
			i += Character.charCount(c);
			switch (c) {
				case '"', '\\' -> out.append('\\').appendCodePoint(c);
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				case '<', '>', '&', LINE_SEPARATOR, PARAGRAPH_SEPARATOR -> hex(out, c);
				default -> {
					if (c < 0x20) {
						hex(out, c);
					}
					else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
						// a lone surrogate has no UTF-8 form; Go writes invalid UTF-8 as
						// U+FFFD
						out.append("\\ufffd");
					}
					else {
						out.appendCodePoint(c);
					}
				}
			}
		}
		out.append('"');
	}

	private static void hex(StringBuilder out, int c) {
		out.append("\\u")
			.append(HEX[c >> 12])
			.append(HEX[(c >> 8) & 0xF])
			.append(HEX[(c >> 4) & 0xF])
			.append(HEX[c & 0xF]);
	}

	/**
	 * A float64 as Go's encoding/json writes it.
	 */
	static String number(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			throw new IllegalArgumentException("Go's encoding/json cannot write " + value);
		}
		if (value == 0) {
			return (1 / value < 0) ? "-0" : "0";
		}
		BigDecimal shortest = shortest(value);
		double abs = Math.abs(value);
		if (abs >= 1e-6 && abs < 1e21) {
			return shortest.toPlainString();
		}
		String digits = shortest.unscaledValue().abs().toString();
		int exponent = shortest.precision() - shortest.scale() - 1;
		return ((value < 0) ? "-" : "") + digits.charAt(0) + ((digits.length() > 1) ? "." + digits.substring(1) : "")
				+ "e" + ((exponent < 0) ? "-" : "+") + Math.abs(exponent);
	}

	/**
	 * The fewest significant digits that read back as {@code value}, the closest such:
	 * what Go's {@code strconv.FormatFloat(value, 'f' or 'e', -1, 64)} prints.
	 */
	private static BigDecimal shortest(double value) {
		BigDecimal exact = new BigDecimal(value);
		for (int digits = 1; digits < 17; digits++) {
			BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
			if (candidate.doubleValue() == value) {
				return candidate.stripTrailingZeros();
			}
		}
		return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
	}

}
