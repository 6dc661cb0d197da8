package dev.secretsstore.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.kubernetes.client.util.Yaml;

/**
 * The chart as the tests render it: {@code helm template} in the JVM, each object parsed into client-java's typed
 * models (so a misspelt field fails).
 */
final class Chart {

	static final Path DIRECTORY = Path.of("helm/secrets-store-csi-driver");

	private Chart() {
	}

	/**
	 * The chart rendered with {@code values} over its defaults, CRDs included.
	 */
	static String template(Map<String, String> values) {
		TemplateCommand command = new Helm(DIRECTORY).template()
			.withName("secrets-store-csi-driver")
			.withNamespace("kube-system");
		values.forEach(command::set);
		return command.call();
	}

	static List<Object> objects(Map<String, String> values) throws Exception {
		List<Object> objects = new ArrayList<>();
		for (Object object : Yaml.loadAll(template(values))) {
			if (object != null) {
				objects.add(object);
			}
		}
		return objects;
	}

	static <T> List<T> ofType(List<Object> objects, Class<T> type) {
		return objects.stream().filter(type::isInstance).map(type::cast).toList();
	}

}
