package dev.secretsstore.provider.azure;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.secretsstore.provider.SecretFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the Azure {@code objects} parameter: YAML with a top-level {@code array:} list
 * whose items are YAML strings, each itself a YAML mapping of one object's fields, read
 * as text like the Go provider does (so {@code 0600} stays {@code 0600}).
 */
final class ObjectsYaml {

	private static final Logger log = LoggerFactory.getLogger(ObjectsYaml.class);

	private static final Set<String> FIELDS = Set.of("objectName", "objectType", "objectVersion", "objectAlias",
			"objectEncoding", "objectFormat", "objectVersionHistory", "filePermission");

	private ObjectsYaml() {
	}

	/**
	 * The objects in order.
	 * @throws IllegalArgumentException saying which entry and field is wrong
	 */
	static List<AzureObject> parse(String yaml) {
		Node root = compose(yaml);
		if (!(root instanceof MappingNode mapping)) {
			throw new IllegalArgumentException("is not YAML with an 'array:' list of objects");
		}
		Node array = fields(mapping).get("array");
		if (!(array instanceof SequenceNode list) || list.getValue().isEmpty()) {
			throw new IllegalArgumentException("has no entries under 'array:'");
		}
		List<AzureObject> objects = new ArrayList<>();
		Set<String> files = new HashSet<>();
		Map<String, String> versions = new HashMap<>();
		for (int i = 0; i < list.getValue().size(); i++) {
			String where = "entry " + (i + 1);
			try {
				if (!(list.getValue().get(i) instanceof ScalarNode item)) {
					throw new IllegalArgumentException(
							"is not a YAML string; write each entry as a string, such as '- |' followed by its fields");
				}
				AzureObject object = object(item.getValue());
				where = where + " (objectName '" + object.objectName() + "')";
				if (!files.add(object.fileName())) {
					throw new IllegalArgumentException(
							"writes file '" + object.fileName() + "' like an earlier entry; set a unique objectAlias");
				}
				String version = versions.putIfAbsent(object.versionId(), object.objectVersion());
				if (version != null && !version.equals(object.objectVersion())) {
					throw new IllegalArgumentException("asks for another objectVersion of " + object.versionId()
							+ " than an earlier entry; one volume reports one version per object");
				}
				objects.add(object);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
			}
		}
		return objects;
	}

	private static AzureObject object(String yaml) {
		if (!(compose(yaml) instanceof MappingNode mapping)) {
			throw new IllegalArgumentException("is not a YAML mapping of objectName, objectType, ...");
		}
		Map<String, String> values = new HashMap<>();
		fields(mapping).forEach((key, node) -> {
			if (!FIELDS.contains(key)) {
				log.warn("Ignoring unknown field '{}' of an entry of the objects parameter; known fields are {}", key,
						FIELDS);
			}
			else if (!(node instanceof ScalarNode scalar)) {
				throw new IllegalArgumentException("field '" + key + "' is not a single value");
			}
			else {
				values.put(key, scalar.getValue().strip());
			}
		});
		String name = values.getOrDefault("objectName", "");
		if (name.isEmpty()) {
			throw new IllegalArgumentException("objectName is missing");
		}
		AzureObject.Type type = AzureObject.Type.of(values.getOrDefault("objectType", ""));
		AzureObject.Encoding encoding = AzureObject.Encoding.of(values.getOrDefault("objectEncoding", ""));
		AzureObject.Format format = AzureObject.Format.of(values.getOrDefault("objectFormat", ""));
		if (type != AzureObject.Type.SECRET && !values.getOrDefault("objectEncoding", "").isEmpty()) {
			throw new IllegalArgumentException("objectEncoding is only allowed for objectType secret");
		}
		if (type != AzureObject.Type.SECRET && format == AzureObject.Format.PFX) {
			throw new IllegalArgumentException("objectFormat pfx is only allowed for objectType secret");
		}
		checkVersionHistory(values.getOrDefault("objectVersionHistory", ""));
		String alias = values.getOrDefault("objectAlias", "");
		AzureObject object = new AzureObject(name, type, values.getOrDefault("objectVersion", ""), alias, encoding,
				format, mode(values.getOrDefault("filePermission", "")));
		try {
			SecretFile.checkPath(object.fileName());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("objectAlias/objectName: " + ex.getMessage(), ex);
		}
		return object;
	}

	private static void checkVersionHistory(String value) {
		if (value.isEmpty()) {
			return;
		}
		int history;
		try {
			history = Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("objectVersionHistory '" + value + "' is not a number", ex);
		}
		if (history > 1) {
			throw new IllegalArgumentException("objectVersionHistory " + history
					+ " is not supported; only the current or pinned version is mounted");
		}
	}

	private static int mode(String value) {
		if (value.isEmpty()) {
			return 0;
		}
		try {
			int mode = Integer.parseInt(value, 8);
			if (mode < 0 || mode > 0777) {
				throw new NumberFormatException();
			}
			return mode;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("filePermission '" + value + "' is not an octal mode such as 0644", ex);
		}
	}

	private static Node compose(String yaml) {
		try {
			return new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
		}
		catch (YAMLException ex) {
			throw new IllegalArgumentException("is not valid YAML (" + ex.getClass().getSimpleName() + ")", ex);
		}
	}

	private static Map<String, Node> fields(MappingNode mapping) {
		Map<String, Node> fields = new HashMap<>();
		for (NodeTuple tuple : mapping.getValue()) {
			if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
				throw new IllegalArgumentException("has a key that is not text");
			}
			if (fields.put(key.getValue(), tuple.getValueNode()) != null) {
				throw new IllegalArgumentException("sets '" + key.getValue() + "' twice");
			}
		}
		return fields;
	}

}
