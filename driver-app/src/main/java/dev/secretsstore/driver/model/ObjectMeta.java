package dev.secretsstore.driver.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The part of Kubernetes object metadata the driver reads and writes.
 *
 * @param name the object's name
 * @param namespace its namespace
 * @param uid its UID, set by the API server
 * @param resourceVersion its resource version, set by the API server
 * @param labels its labels
 * @param annotations its annotations
 * @param ownerReferences its owners, for garbage collection
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObjectMeta(String name, String namespace, String uid, String resourceVersion, Map<String, String> labels,
		Map<String, String> annotations, List<OwnerReference> ownerReferences) {

	public ObjectMeta {
		labels = (labels != null) ? Map.copyOf(labels) : Map.of();
		annotations = (annotations != null) ? Map.copyOf(annotations) : Map.of();
		ownerReferences = (ownerReferences != null) ? List.copyOf(ownerReferences) : List.of();
	}

	/**
	 * Metadata with only a name and namespace.
	 */
	public static ObjectMeta of(String namespace, String name) {
		return new ObjectMeta(name, namespace, null, null, null, null, null);
	}

	/**
	 * One owner of an object.
	 *
	 * @param apiVersion the owner's API version
	 * @param kind the owner's kind
	 * @param name the owner's name
	 * @param uid the owner's UID
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record OwnerReference(String apiVersion, String kind, String name, String uid) {
	}

}
