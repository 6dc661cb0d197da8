package dev.secretsstore.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.kubernetes.client.util.Yaml;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The chart as the tests render it: {@code helm template} in the JVM, each object parsed
 * into client-java's typed models (so a misspelt field fails), except the kinds
 * client-java has no model for, which stay maps.
 */
final class Chart {

	static final Path DIRECTORY = Path.of("helm/secrets-store-csi-driver");

	/** Kinds without a client-java model, parsed as plain maps. */
	private static final Set<String> UNMODELLED_KINDS = Set.of("ServiceMonitor");

	private Chart() {
	}

	/**
	 * The chart rendered with {@code values} ({@code --set} style) over its defaults,
	 * CRDs included.
	 */
	static String template(Map<String, String> values) {
		TemplateCommand command = command();
		values.forEach(command::set);
		return command.call();
	}

	/**
	 * The chart rendered with a values file holding {@code valuesYaml}, as
	 * {@code helm template -f}.
	 */
	static String templateWithValues(String valuesYaml) {
		Path file = null;
		try {
			file = Files.createTempFile("values-", ".yaml");
			Files.writeString(file, valuesYaml);
			return command().withValuesFile(file).call();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			deleteQuietly(file);
		}
	}

	/**
	 * {@code helm lint --strict} of the chart with {@code valuesYaml} merged over its
	 * values, as Helm merges them: the lint runs on a copy whose {@code values.yaml} is
	 * the merged result.
	 */
	static LintResult lintWithValues(String valuesYaml) {
		Path copy = null;
		try {
			copy = Files.createTempDirectory("chart-");
			Path chart = copy.resolve(DIRECTORY.getFileName());
			copyTree(DIRECTORY, chart);
			Map<String, Object> merged = merge(defaultValues(), load(valuesYaml));
			DumperOptions options = new DumperOptions();
			options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
			String dumped = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()),
					new Representer(options), options)
				.dump(merged);
			Files.writeString(chart.resolve("values.yaml"), dumped);
			return new Helm(chart).lint().strict().call();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			deleteQuietly(copy);
		}
	}

	static List<Object> objects(Map<String, String> values) throws Exception {
		return parse(template(values));
	}

	/**
	 * Every object of {@code rendered}: a client-java model, or a map for
	 * {@link #UNMODELLED_KINDS}.
	 */
	static List<Object> parse(String rendered) throws IOException {
		List<Object> objects = new ArrayList<>();
		for (String document : rendered.split("(?m)^---\\s*$")) {
			Map<String, Object> generic = load(document);
			if (generic.isEmpty()) {
				continue;
			}
			objects.add(UNMODELLED_KINDS.contains(generic.get("kind")) ? generic : Yaml.load(document));
		}
		return objects;
	}

	static <T> List<T> ofType(List<Object> objects, Class<T> type) {
		return objects.stream().filter(type::isInstance).map(type::cast).toList();
	}

	/**
	 * The objects of {@code kind} among the unmodelled ones.
	 */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> ofKind(List<Object> objects, String kind) {
		return objects.stream()
			.filter(Map.class::isInstance)
			.map((object) -> (Map<String, Object>) object)
			.filter((object) -> kind.equals(object.get("kind")))
			.toList();
	}

	static Map<String, Object> defaultValues() throws IOException {
		try (InputStream in = Files.newInputStream(DIRECTORY.resolve("values.yaml"))) {
			Map<String, Object> values = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(in);
			return (values != null) ? values : new LinkedHashMap<>();
		}
	}

	private static TemplateCommand command() {
		return new Helm(DIRECTORY).template().withName("secrets-store-csi-driver").withNamespace("kube-system");
	}

	private static Map<String, Object> load(String yaml) {
		Object loaded = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
		return asMap(loaded);
	}

	/**
	 * Helm's merge of user values over the chart's: maps merge key by key, anything else
	 * replaces.
	 */
	static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
		Map<String, Object> merged = new LinkedHashMap<>(base);
		over.forEach((key, value) -> {
			Object current = merged.get(key);
			if (current instanceof Map<?, ?> && value instanceof Map<?, ?>) {
				merged.put(key, merge(asMap(current), asMap(value)));
			}
			else {
				merged.put(key, value);
			}
		});
		return merged;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object object) {
		return (object instanceof Map<?, ?> map) ? new LinkedHashMap<>((Map<String, Object>) map)
				: new LinkedHashMap<>();
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path path : (Iterable<Path>) paths::iterator) {
				Path target = to.resolve(from.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(path, target);
				}
			}
		}
	}

	private static void deleteQuietly(Path path) {
		if (path == null) {
			return;
		}
		try (Stream<Path> paths = Files.walk(path)) {
			for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(each);
			}
		}
		catch (IOException ex) {
			// a temporary file left behind is harmless
		}
	}

}
