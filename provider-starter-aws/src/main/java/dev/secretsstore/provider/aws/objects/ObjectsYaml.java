package dev.secretsstore.provider.aws.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the {@code objects} YAML into maps whose keys match case-insensitively and whose
 * scalars stay the text the user wrote, as the Go provider's JSON decoding into string
 * fields sees them.
 */
final class ObjectsYaml {

	private static final int MAX_CODE_POINTS = 1024 * 1024;

	private ObjectsYaml() {
	}

	/**
	 * The list of object maps; an empty document is an empty list.
	 * @throws ProviderException INVALID_PARAMETERS when the text is not YAML or not a
	 * list of maps
	 */
	static List<Map<String, Object>> read(String text) throws ProviderException {
		Object document;
		try {
			document = yaml().load(text);
		}
		catch (DuplicateKeyException ex) {
			throw invalid("objects sets a field twice" + position(ex));
		}
		catch (YAMLException ex) {
			// SnakeYAML quotes the offending line, which can hold anything the user
			// pasted: keep only the position
			throw invalid("objects is not valid YAML" + position(ex));
		}
		if (document == null) {
			return List.of();
		}
		if (!(document instanceof List<?> items)) {
			throw invalid("objects must be a YAML list of objects");
		}
		List<Map<String, Object>> objects = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			Object item = items.get(i);
			if (item == null) {
				throw invalid("objects[" + i + "] is empty");
			}
			objects.add(map(item, "objects[" + i + "]"));
		}
		return objects;
	}

	/**
	 * A copy of {@code value} with case-insensitive keys; two keys that differ only in
	 * case are refused.
	 */
	static Map<String, Object> map(Object value, String where) throws ProviderException {
		if (!(value instanceof Map<?, ?> source)) {
			throw invalid(where + " must be a map of fields");
		}
		Map<String, Object> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (Map.Entry<?, ?> entry : source.entrySet()) {
			if (!(entry.getKey() instanceof String key)) {
				throw invalid(where + " has a field name that is not text");
			}
			if (copy.containsKey(key)) {
				throw invalid(where + " sets " + key + " twice");
			}
			copy.put(key, entry.getValue());
		}
		return copy;
	}

	/**
	 * The text of a scalar field, or empty when absent or null.
	 */
	static String string(Map<String, Object> map, String key, String where) throws ProviderException {
		Object value = map.get(key);
		if (value == null) {
			return "";
		}
		if (value instanceof String || value instanceof Number || value instanceof Boolean) {
			return value.toString();
		}
		throw invalid(where + "." + key + " must be a single value");
	}

	private static String position(YAMLException ex) {
		if (ex instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
			return " (line " + (marked.getProblemMark().getLine() + 1) + ", column "
					+ (marked.getProblemMark().getColumn() + 1) + ")";
		}
		return "";
	}

	private static Yaml yaml() {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setAllowRecursiveKeys(false);
		options.setMaxAliasesForCollections(20);
		options.setCodePointLimit(MAX_CODE_POINTS);
		return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
				options, new TextResolver());
	}

	private static ProviderException invalid(String message) {
		return new ProviderException(Reason.INVALID_PARAMETERS, ObjectParser.INVALID_PARAMETERS, message);
	}

	/**
	 * Resolves no implicit booleans, numbers or timestamps, so
	 * {@code filePermission: 0600} stays "0600" rather than the octal number 384; nulls
	 * and merge keys keep their meaning.
	 */
	private static final class TextResolver extends Resolver {

		@Override
		protected void addImplicitResolvers() {
			addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
			addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
			addImplicitResolver(Tag.NULL, EMPTY, null, 10);
		}

	}

}
