package dev.secretsstore.driver.restart;

import java.util.Arrays;

/**
 * Who asks for restarts: a pod, with {@value #ANNOTATION} on its template ("true", or the
 * comma-separated names of the SecretProviderClasses whose rotations restart it), or a
 * SecretProviderClass, with the same annotation ("true"), for every pod that mounts it. A
 * pod's own "false" wins over its SecretProviderClass.
 */
public final class RestartOptIn {

	/** The annotation on a pod (template) or on a SecretProviderClass. */
	public static final String ANNOTATION = "secrets-store.csi.x-k8s.io/restart-on-rotation";

	private RestartOptIn() {
	}

	/**
	 * Whether a rotation of {@code secretProviderClass} restarts a pod whose annotation
	 * is {@code podValue} (null when it has none), given whether the SecretProviderClass
	 * opts in.
	 */
	public static boolean restarts(String podValue, String secretProviderClass, boolean classOptsIn) {
		String value = (podValue != null) ? podValue.strip() : "";
		if (value.isEmpty()) {
			return classOptsIn;
		}
		if (value.equalsIgnoreCase("true")) {
			return true;
		}
		if (value.equalsIgnoreCase("false")) {
			return false;
		}
		return Arrays.stream(value.split(",")).map(String::strip).anyMatch(secretProviderClass::equals);
	}

	/**
	 * Whether a SecretProviderClass's annotation value opts its pods in.
	 */
	public static boolean classOptsIn(String classValue) {
		return classValue != null && classValue.strip().equalsIgnoreCase("true");
	}

}
