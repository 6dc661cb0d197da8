package dev.secretsstore.driver.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A SecretProviderClassPodStatus: the record of one mounted volume, named
 * {@code <pod>-<namespace>-<spc>}, labelled with the node, owned by the pod. Tools such
 * as Reloader read its object versions to notice rotations.
 *
 * @param apiVersion {@code secrets-store.csi.x-k8s.io/v1}
 * @param kind {@code SecretProviderClassPodStatus}
 * @param metadata name, namespace, node label, owner
 * @param status what is mounted where
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SecretProviderClassPodStatus(String apiVersion, String kind, ObjectMeta metadata, Status status) {

	/** The API version the driver writes. */
	public static final String API_VERSION = "secrets-store.csi.x-k8s.io/v1";

	/** The resource's kind. */
	public static final String KIND = "SecretProviderClassPodStatus";

	/** The label that scopes pod statuses to the node that mounted them. */
	public static final String NODE_LABEL = "internal.secrets-store.csi.k8s.io/node-name";

	/**
	 * The object's name for a pod and SecretProviderClass, as the Go driver forms it:
	 * plain concatenation.
	 */
	public static String nameOf(String podName, String namespace, String secretProviderClassName) {
		return podName + "-" + namespace + "-" + secretProviderClassName;
	}

	/**
	 * What is mounted where.
	 *
	 * @param podName the pod's name
	 * @param secretProviderClassName the SecretProviderClass the volume uses
	 * @param mounted always true once written
	 * @param targetPath the volume's mount folder
	 * @param objects the mounted objects' versions, sorted by id
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Status(String podName, String secretProviderClassName, boolean mounted, String targetPath,
			List<SecretProviderClassObject> objects) {

		public Status {
			objects = (objects != null) ? List.copyOf(objects) : List.of();
		}

	}

	/**
	 * The version of one mounted object.
	 *
	 * @param id the object's id, unique within the volume
	 * @param version its version
	 */
	public record SecretProviderClassObject(String id, String version) {
	}

}
