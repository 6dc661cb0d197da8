package dev.secretsstore.driver.volume;

import java.util.Map;
import java.util.regex.Pattern;

import dev.secretsstore.driver.logging.Untrusted;
import dev.secretsstore.provider.MountRequest;

import static dev.secretsstore.driver.volume.VolumeException.Kind.INVALID_ARGUMENT;

/**
 * The part of kubelet's volume context the driver itself relies on, checked once: names
 * that become parts of object and file names must be valid Kubernetes names, so none of
 * them can smuggle a path in.
 *
 * @param podName the pod's name
 * @param podNamespace the pod's namespace, where the SecretProviderClass is looked up
 * @param podUid the pod's UID, which must match the target path
 * @param secretProviderClass the SecretProviderClass name
 */
public record VolumeContext(String podName, String podNamespace, String podUid, String secretProviderClass) {

	/**
	 * Volume-context key of the SecretProviderClass name (the pod volume's
	 * {@code volumeAttributes}).
	 */
	public static final String SECRET_PROVIDER_CLASS = "secretProviderClass";

	private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

	private static final Pattern DNS_SUBDOMAIN = Pattern
		.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

	/**
	 * Reads and checks the volume context.
	 * @throws VolumeException of kind INVALID_ARGUMENT naming the missing or invalid key
	 */
	public static VolumeContext of(Map<String, String> context) {
		String spc = context.getOrDefault(SECRET_PROVIDER_CLASS, "");
		if (spc.isEmpty()) {
			throw invalid("secretProviderClass is not set in the volume attributes");
		}
		return new VolumeContext(require(context, MountRequest.POD_NAME, DNS_SUBDOMAIN),
				require(context, MountRequest.POD_NAMESPACE, DNS_LABEL), require(context, MountRequest.POD_UID, null),
				require(context, SECRET_PROVIDER_CLASS, DNS_SUBDOMAIN));
	}

	private static String require(Map<String, String> context, String key, Pattern pattern) {
		String value = context.getOrDefault(key, "");
		if (value.isEmpty()) {
			throw invalid(key + " is missing from the volume context: is podInfoOnMount set on the CSIDriver?");
		}
		if (pattern != null && !pattern.matcher(value).matches()) {
			throw invalid(
					key + " \"" + Untrusted.bound(value) + "\" in the volume context is not a valid Kubernetes name");
		}
		return value;
	}

	private static VolumeException invalid(String message) {
		return new VolumeException(INVALID_ARGUMENT, ErrorTypes.INVALID_VOLUME, message);
	}

}
