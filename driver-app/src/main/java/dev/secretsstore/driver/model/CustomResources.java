package dev.secretsstore.driver.model;

import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coordinates of the driver's custom resources, and the conversion between our Jackson
 * records and the plain maps that client-java's {@code CustomObjectsApi} sends and
 * receives.
 */
public final class CustomResources {

	/** The API group of both custom resources. */
	public static final String GROUP = "secrets-store.csi.x-k8s.io";

	/** The storage version, the one the driver reads and writes. */
	public static final String VERSION = "v1";

	/** The plural of SecretProviderClass. */
	public static final String SECRET_PROVIDER_CLASSES = "secretproviderclasses";

	/** The plural of SecretProviderClassPodStatus. */
	public static final String POD_STATUSES = "secretproviderclasspodstatuses";

	// client-java parses custom objects with Gson into maps; Jackson turns those maps
	// into our records and back
	private static final JsonMapper JSON = JsonMapper.builder().build();

	private CustomResources() {
	}

	/**
	 * The record {@code type} that an object returned by {@code CustomObjectsApi} holds.
	 * @throws tools.jackson.core.JacksonException when the object does not fit the record
	 */
	public static <T> T read(Object object, Class<T> type) {
		return JSON.convertValue(object, type);
	}

	/**
	 * The record {@code type} that the JSON text {@code json} holds, as a watch delivers
	 * it.
	 * @throws tools.jackson.core.JacksonException when the text does not fit the record
	 */
	public static <T> T readJson(String json, Class<T> type) {
		return JSON.readValue(json, type);
	}

	/**
	 * {@code resource} as a map that client-java serialises as it is.
	 */
	public static Map<String, Object> write(Object resource) {
		return JSON.convertValue(resource, new TypeReference<Map<String, Object>>() {
		});
	}

}
