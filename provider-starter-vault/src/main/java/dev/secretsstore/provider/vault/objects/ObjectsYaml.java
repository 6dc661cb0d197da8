package dev.secretsstore.provider.vault.objects;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.secretsstore.provider.SecretFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the {@code objects} parameter: a YAML list (no {@code array:} wrapper) of
 * mappings with the Go provider's field names. Unknown fields are ignored, as the Go
 * provider does, but logged.
 */
final class ObjectsYaml {

	private static final Logger log = LoggerFactory.getLogger(ObjectsYaml.class);

	private static final Set<String> FIELDS = Set.of("objectName", "secretPath", "secretKey", "method", "secretArgs",
			"filePermission", "encoding");

	private static final int MAX_MODE = 0777;

	private ObjectsYaml() {
	}

	/**
	 * The entries in order; none for empty input.
	 * @throws IllegalArgumentException whose message, prefixed with the parameter name,
	 * says which entry and field is wrong
	 */
	static List<VaultObject> parse(String yaml) {
		List<VaultObject> objects = new ArrayList<>();
		Node root = YamlValues.compose(yaml);
		if (root == null) {
			return objects;
		}
		if (!(root instanceof SequenceNode list)) {
			throw new IllegalArgumentException("is not a YAML list of objects (write '- objectName: ...' entries)");
		}
		Set<String> names = new HashSet<>();
		for (int i = 0; i < list.getValue().size(); i++) {
			String where = "entry " + (i + 1);
			try {
				VaultObject object = object(list.getValue().get(i));
				where = "entry " + (i + 1) + " (objectName '" + object.objectName() + "')";
				if (!names.add(object.objectName())) {
					throw new IllegalArgumentException("repeats an objectName; each must be unique");
				}
				objects.add(object);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
			}
		}
		return objects;
	}

	private static VaultObject object(Node node) {
		if (!(node instanceof MappingNode mapping)) {
			throw new IllegalArgumentException("is not a mapping of objectName, secretPath, ...");
		}
		Map<String, Node> fields = new HashMap<>();
		for (NodeTuple tuple : mapping.getValue()) {
			String key = YamlValues.text(tuple.getKeyNode());
			if (fields.put(key, tuple.getValueNode()) != null) {
				throw new IllegalArgumentException("sets '" + key + "' twice");
			}
			if (!FIELDS.contains(key)) {
				log.warn("Ignoring unknown field '{}' of an entry of the objects parameter; known fields are {}", key,
						FIELDS);
			}
		}
		String name = text(fields, "objectName");
		if (name.isEmpty()) {
			throw new IllegalArgumentException("has no objectName; it names the file and is required");
		}
		checkFileName(name);
		if (text(fields, "secretPath").isEmpty()) {
			throw new IllegalArgumentException("has no secretPath");
		}
		VaultObject object = new VaultObject(name, text(fields, "secretPath"), text(fields, "secretKey"),
				text(fields, "method"), secretArgs(fields.get("secretArgs")), filePermission(fields),
				encoding(text(fields, "encoding")), text(fields, "encoding"));
		try {
			object.request();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("secretPath or method " + ex.getMessage(), ex);
		}
		return object;
	}

	private static String text(Map<String, Node> fields, String name) {
		Node node = fields.get(name);
		try {
			return (node != null) ? YamlValues.text(node) : "";
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(name + " " + ex.getMessage(), ex);
		}
	}

	private static void checkFileName(String name) {
		try {
			SecretFile.checkPath(name);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("objectName is not a usable file name: " + ex.getMessage(), ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> secretArgs(Node node) {
		if (node == null || (node instanceof ScalarNode && YamlValues.text(node).isEmpty())) {
			return null;
		}
		if (!(node instanceof MappingNode)) {
			throw new IllegalArgumentException("secretArgs is not a mapping");
		}
		try {
			return (Map<String, Object>) YamlValues.toJava(node);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("secretArgs " + ex.getMessage(), ex);
		}
	}

	private static int filePermission(Map<String, Node> fields) {
		String text = text(fields, "filePermission");
		BigInteger mode = text.isEmpty() ? BigInteger.ZERO : YamlValues.integer(text);
		if (mode == null || mode.signum() < 0 || mode.compareTo(BigInteger.valueOf(MAX_MODE)) > 0) {
			throw new IllegalArgumentException("filePermission '" + text
					+ "' is not a file mode between 0 and 0777 (write it in octal with a leading 0, such as 0640)");
		}
		return mode.intValue();
	}

	private static VaultObject.Encoding encoding(String text) {
		try {
			return VaultObject.Encoding.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("encoding " + ex.getMessage(), ex);
		}
	}

}
