package dev.secretsstore.driver.testing;

import java.util.Map;
import java.util.Set;

import dev.secretsstore.driver.model.CustomResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The versions a resource is served at besides the one it is stored at. The driver's CRDs
 * serve {@code v1alpha1} and store {@code v1}, with the same schema and no conversion
 * webhook (strategy {@code None}), so the API server converts an object between them by
 * rewriting its {@code apiVersion}: an object created at one version is read, listed and
 * watched at the other. The mock keys objects by version, so the double stores every
 * object at the storage version and converts requests and answers here.
 */
final class ServedVersions {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The storage version of each group that serves more than one. */
	private static final Map<String, String> STORAGE = Map.of(CustomResources.GROUP, CustomResources.VERSION);

	/** The other versions each of those groups serves. */
	private static final Map<String, Set<String>> ALSO_SERVED = Map.of(CustomResources.GROUP, Set.of("v1alpha1"));

	private ServedVersions() {
	}

	/**
	 * Where the objects {@code requested} points at are stored: the same path at the
	 * storage version.
	 */
	static ApiPath stored(ApiPath requested) {
		if (!ALSO_SERVED.getOrDefault(requested.group(), Set.of()).contains(requested.version())) {
			return requested;
		}
		return new ApiPath(requested.group(), STORAGE.get(requested.group()), requested.plural(), requested.namespace(),
				requested.name());
	}

	/**
	 * {@code object}, sent to {@code requested}, as stored.
	 */
	static ObjectNode toStorage(ObjectNode object, ApiPath requested) {
		ApiPath stored = stored(requested);
		if (!stored.equals(requested) && apiVersion(requested).equals(text(object.path("apiVersion")))) {
			object.put("apiVersion", apiVersion(stored));
		}
		return object;
	}

	/**
	 * A stored object, or a list of them, as served at {@code requested}'s version;
	 * anything else, such as a Status, as it is.
	 */
	static JsonNode served(JsonNode body, ApiPath requested) {
		ApiPath stored = stored(requested);
		if (stored.equals(requested) || !body.isObject()) {
			return body;
		}
		ObjectNode served = (ObjectNode) body.deepCopy();
		convert(served, stored, requested);
		if (served.path("items").isArray()) {
			served.get("items").forEach((item) -> convert((ObjectNode) item, stored, requested));
		}
		return served;
	}

	/**
	 * {@code answer} as served at {@code requested}'s version.
	 */
	static Answer served(Answer answer, ApiPath requested) {
		if (answer.body() == null || stored(requested).equals(requested) || !answer.isSuccess()) {
			return answer;
		}
		return new Answer(answer.code(), JSON.writeValueAsString(served(JSON.readTree(answer.body()), requested)));
	}

	private static void convert(ObjectNode object, ApiPath stored, ApiPath requested) {
		if (apiVersion(stored).equals(text(object.path("apiVersion")))) {
			object.put("apiVersion", apiVersion(requested));
		}
	}

	private static String text(JsonNode node) {
		return (node.isValueNode() && !node.isNull()) ? node.asString() : "";
	}

	private static String apiVersion(ApiPath path) {
		return path.group().isEmpty() ? path.version() : path.group() + "/" + path.version();
	}

}
