package dev.secretsstore.provider.vault.objects;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Parses YAML and turns its nodes into Java values the way Go's {@code gopkg.in/yaml.v3}
 * resolves plain scalars (YAML 1.2 core schema, plus 1.1 octals such as {@code 0644}),
 * not the YAML 1.1 rules of SnakeYAML's own constructor, under which {@code yes} would be
 * a boolean.
 */
final class YamlValues {

	private static final int MAX_DEPTH = 32;

	private static final Pattern NULL = Pattern.compile("|~|null|Null|NULL");

	private static final Pattern TRUE = Pattern.compile("true|True|TRUE");

	private static final Pattern FALSE = Pattern.compile("false|False|FALSE");

	private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");

	private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

	private YamlValues() {
	}

	/**
	 * The node tree of one YAML document, or {@code null} for an empty one; aliases,
	 * nesting and size are limited.
	 * @throws IllegalArgumentException saying where the YAML is broken, without quoting
	 * it
	 */
	static Node compose(String yaml) {
		LoaderOptions options = new LoaderOptions();
		options.setMaxAliasesForCollections(50);
		options.setNestingDepthLimit(32);
		options.setCodePointLimit(1024 * 1024);
		try {
			return new Yaml(options).compose(new StringReader(yaml));
		}
		catch (MarkedYAMLException ex) {
			throw new IllegalArgumentException(
					"is not valid YAML: " + ex.getProblem() + " at line " + (ex.getProblemMark().getLine() + 1), ex);
		}
		catch (YAMLException ex) {
			throw new IllegalArgumentException("is not valid YAML", ex);
		}
	}

	/**
	 * A mapping, sequence or scalar as {@code Map}, {@code List}, {@code String},
	 * {@code Boolean}, {@code Long}, {@code BigInteger}, {@code BigDecimal} or
	 * {@code null}.
	 * @throws IllegalArgumentException for keys that are not scalars or nesting deeper
	 * than 32 levels
	 */
	static Object toJava(Node node) {
		return toJava(node, 0);
	}

	private static Object toJava(Node node, int depth) {
		if (depth > MAX_DEPTH) {
			throw new IllegalArgumentException("is nested more than " + MAX_DEPTH + " levels deep");
		}
		if (node instanceof ScalarNode scalar) {
			return scalar.isPlain() ? resolvePlain(scalar.getValue()) : scalar.getValue();
		}
		if (node instanceof SequenceNode sequence) {
			List<Object> list = new ArrayList<>();
			sequence.getValue().forEach((item) -> list.add(toJava(item, depth + 1)));
			return list;
		}
		Map<String, Object> map = new LinkedHashMap<>();
		for (NodeTuple tuple : ((MappingNode) node).getValue()) {
			if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
				throw new IllegalArgumentException("has a key that is not a plain value");
			}
			if (map.containsKey(key.getValue())) {
				throw new IllegalArgumentException("has the key '" + key.getValue() + "' twice");
			}
			map.put(key.getValue(), toJava(tuple.getValueNode(), depth + 1));
		}
		return map;
	}

	/**
	 * The text of a scalar that fills a string field: yaml.v3 leaves a string field empty
	 * for a null scalar.
	 * @throws IllegalArgumentException when the node is a list or a mapping
	 */
	static String text(Node node) {
		if (!(node instanceof ScalarNode scalar)) {
			throw new IllegalArgumentException("is a list or mapping, not a value");
		}
		return (scalar.isPlain() && NULL.matcher(scalar.getValue()).matches()) ? "" : scalar.getValue();
	}

	/**
	 * An integer as yaml.v3 reads one: decimal, {@code 0x} hex, {@code 0o} or
	 * leading-zero octal, {@code 0b} binary, underscores ignored.
	 * @return the value, or {@code null} when the text is not an integer
	 */
	static BigInteger integer(String text) {
		String plain = text.replace("_", "");
		boolean negative = plain.startsWith("-");
		String digits = (plain.startsWith("-") || plain.startsWith("+")) ? plain.substring(1) : plain;
		BigInteger value;
		try {
			if (digits.startsWith("0x") || digits.startsWith("0X")) {
				value = new BigInteger(digits.substring(2), 16);
			}
			else if (digits.startsWith("0o") || digits.startsWith("0O")) {
				value = new BigInteger(digits.substring(2), 8);
			}
			else if (digits.startsWith("0b") || digits.startsWith("0B")) {
				value = new BigInteger(digits.substring(2), 2);
			}
			else if (DECIMAL.matcher(digits).matches()) {
				value = (digits.length() > 1 && digits.startsWith("0")) ? new BigInteger(digits, 8)
						: new BigInteger(digits);
			}
			else {
				return null;
			}
		}
		catch (NumberFormatException ex) {
			return null;
		}
		return negative ? value.negate() : value;
	}

	private static Object resolvePlain(String text) {
		if (NULL.matcher(text).matches()) {
			return null;
		}
		if (TRUE.matcher(text).matches()) {
			return Boolean.TRUE;
		}
		if (FALSE.matcher(text).matches()) {
			return Boolean.FALSE;
		}
		BigInteger integer = integer(text);
		if (integer != null) {
			return (integer.bitLength() < Long.SIZE) ? (Object) integer.longValue() : integer;
		}
		return FLOAT.matcher(text).matches() ? new BigDecimal(text) : text;
	}

}
