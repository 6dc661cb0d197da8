package dev.secretsstore.driver.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where a request points in the Kubernetes API: a resource ({@code group},
 * {@code version}, {@code plural}), in one namespace or in all ({@code namespace} null),
 * and one object of it when {@code name} is set.
 *
 * @param group the API group, empty for the core group
 * @param version the API version
 * @param plural the resource, such as {@code pods}
 * @param namespace the namespace, null for a cluster-wide path
 * @param name the object, null for the collection
 */
record ApiPath(String group, String version, String plural, String namespace, String name) {

	/**
	 * The path of {@code /api/v1/...} or {@code /apis/<group>/<version>/...}; empty for
	 * any other path.
	 */
	static Optional<ApiPath> parse(String path) {
		List<String> segments = Arrays.stream(path.split("/")).filter((segment) -> !segment.isEmpty()).toList();
		int resource = segments.isEmpty() ? 0 : switch (segments.get(0)) {
			case "api" -> 2;
			case "apis" -> 3;
			default -> 0;
		};
		if (resource == 0 || segments.size() <= resource) {
			return Optional.empty();
		}
		String group = (resource == 2) ? "" : segments.get(1);
		List<String> rest = segments.subList(resource, segments.size());
		String namespace = null;
		// "namespaces/<ns>" alone is a Namespace object, not a prefix
		if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
			namespace = rest.get(1);
			rest = rest.subList(2, rest.size());
		}
		return Optional.of(new ApiPath(group, segments.get(resource - 1), rest.get(0), namespace,
				(rest.size() > 1) ? rest.get(1) : null));
	}

	/**
	 * Whether {@code path} names a subresource of an object
	 * ({@code .../pods/<name>/status}), which {@link #parse} would otherwise read as the
	 * object itself.
	 */
	static boolean isSubresource(String path) {
		List<String> segments = Arrays.stream(path.split("/")).filter((segment) -> !segment.isEmpty()).toList();
		int resource = segments.isEmpty() ? 0 : switch (segments.get(0)) {
			case "api" -> 2;
			case "apis" -> 3;
			default -> 0;
		};
		List<String> rest = (resource == 0 || segments.size() <= resource) ? List.of()
				: segments.subList(resource, segments.size());
		if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
			rest = rest.subList(2, rest.size());
		}
		return rest.size() > 2;
	}

	/**
	 * The object {@code name} in {@code namespace} of this path's resource.
	 */
	ApiPath object(String namespace, String name) {
		return new ApiPath(this.group, this.version, this.plural, namespace, name);
	}

	/**
	 * Whether {@code object} is of this path's resource and, when this path names a
	 * namespace, in it.
	 */
	boolean covers(ApiPath object) {
		return this.group.equals(object.group) && this.plural.equals(object.plural)
				&& (this.namespace == null || this.namespace.equals(object.namespace));
	}

	/**
	 * The resource as the API server names it in messages: {@code pods},
	 * {@code secretproviderclasses.secrets-store.csi.x-k8s.io}.
	 */
	String resource() {
		return this.group.isEmpty() ? this.plural : this.plural + "." + this.group;
	}

	/**
	 * The collection this path is in, or is.
	 */
	String collection() {
		String prefix = this.group.isEmpty() ? "/api/" + this.version : "/apis/" + this.group + "/" + this.version;
		return prefix + ((this.namespace != null) ? "/namespaces/" + this.namespace : "") + "/" + this.plural;
	}

	@Override
	public String toString() {
		return collection() + ((this.name != null) ? "/" + this.name : "");
	}

}
