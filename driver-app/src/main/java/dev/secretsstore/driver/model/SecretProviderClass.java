package dev.secretsstore.driver.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A SecretProviderClass: which provider serves a volume, with which parameters, and which
 * Kubernetes Secrets to mirror the mounted files into.
 *
 * @param apiVersion {@code secrets-store.csi.x-k8s.io/v1} (or the deprecated
 * {@code v1alpha1})
 * @param kind {@code SecretProviderClass}
 * @param metadata name and namespace
 * @param spec what to mount
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SecretProviderClass(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

	/** The resource's kind. */
	public static final String KIND = "SecretProviderClass";

	public SecretProviderClass {
		metadata = (metadata != null) ? metadata : ObjectMeta.of(null, null);
		spec = (spec != null) ? spec : new Spec(null, null, null);
	}

	/**
	 * What to mount.
	 *
	 * @param provider the provider name, which selects an in-process provider or the
	 * plugin socket {@code <name>.sock}
	 * @param parameters provider-specific parameters, passed to the provider as they are
	 * @param secretObjects the Kubernetes Secrets to create from the mounted files
	 */
	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Spec(String provider, Map<String, String> parameters, List<SecretObject> secretObjects) {

		public Spec {
			provider = (provider != null) ? provider : "";
			parameters = (parameters != null) ? Map.copyOf(parameters) : Map.of();
			secretObjects = (secretObjects != null) ? List.copyOf(secretObjects) : List.of();
		}

	}

	/**
	 * A Kubernetes Secret to keep in step with the mounted files.
	 *
	 * @param secretName the Secret's name
	 * @param type the Secret's type, {@code Opaque} when empty
	 * @param labels labels to put on the Secret
	 * @param annotations annotations to put on the Secret
	 * @param data which mounted file goes under which key
	 */
	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record SecretObject(String secretName, String type, Map<String, String> labels,
			Map<String, String> annotations, List<SecretObjectData> data) {

		public SecretObject {
			labels = (labels != null) ? Map.copyOf(labels) : Map.of();
			annotations = (annotations != null) ? Map.copyOf(annotations) : Map.of();
			data = (data != null) ? List.copyOf(data) : List.of();
		}

	}

	/**
	 * One key of a synced Secret.
	 *
	 * @param objectName the mounted file's path relative to the mount
	 * @param key the key in the Secret
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record SecretObjectData(String objectName, String key) {
	}

}
