package dev.secretsstore.driver.reload;

import java.net.URI;
import java.net.URISyntaxException;

import dev.secretsstore.driver.logging.Untrusted;

/**
 * A pod's reload endpoint: its annotation names the scheme, port and path, never a host,
 * and the driver calls the pod's own address, so that a pod cannot point the privileged
 * driver at anything but itself.
 */
public final class ReloadUrl {

	/**
	 * The pod annotation (cluster mode) or volume attribute (standalone) that opts a pod
	 * in.
	 */
	public static final String ANNOTATION = "secrets-store.csi.x-k8s.io/reload-url";

	/** Standalone mode: the volume attribute with the pod's address. */
	public static final String POD_ADDRESS_ATTRIBUTE = "secrets-store.csi.x-k8s.io/pod-address";

	private ReloadUrl() {
	}

	/**
	 * The endpoint that {@code annotation} names on the pod at {@code podAddress}.
	 * @param annotation such as {@code http://:8080/-/reload}: http or https, no host, an
	 * optional port and a path
	 * @param podAddress the pod's IP address
	 * @throws IllegalArgumentException when the annotation is not such a URL, naming why
	 */
	public static URI resolve(String annotation, String podAddress) {
		URI named;
		try {
			// "http://:8080/x" has no host for java.net.URI; a host in it would show as
			// one
			named = new URI(annotation.strip());
		}
		catch (URISyntaxException ex) {
			throw invalid(annotation, "it is not a URL");
		}
		String scheme = named.getScheme();
		if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
			throw invalid(annotation, "its scheme must be http or https");
		}
		if (named.getHost() != null || (named.getRawAuthority() != null && !named.getRawAuthority().startsWith(":"))) {
			throw invalid(annotation, "it names a host; the driver only calls the pod's own address, so write " + scheme
					+ "://:<port>/<path>");
		}
		int port = portOf(named.getRawAuthority(), annotation);
		String host = podAddress.contains(":") ? "[" + podAddress + "]" : podAddress;
		String path = (named.getRawPath() == null || named.getRawPath().isEmpty()) ? "/" : named.getRawPath();
		String query = (named.getRawQuery() != null) ? "?" + named.getRawQuery() : "";
		return URI.create(scheme + "://" + host + ((port > 0) ? ":" + port : "") + path + query);
	}

	private static int portOf(String authority, String annotation) {
		if (authority == null || authority.equals(":")) {
			return -1;
		}
		try {
			int port = Integer.parseInt(authority.substring(1));
			if (port < 1 || port > 65535) {
				throw invalid(annotation, "its port is out of range");
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw invalid(annotation, "its port is not a number");
		}
	}

	private static IllegalArgumentException invalid(String annotation, String why) {
		return new IllegalArgumentException(
				"invalid " + ANNOTATION + " \"" + Untrusted.bound(annotation, 200) + "\": " + why);
	}

}
