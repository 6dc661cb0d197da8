package dev.secretsstore.driver.flags;

import java.nio.file.Path;

/**
 * The CSI endpoint flag: a Unix socket given as {@code unix:///csi/csi.sock},
 * {@code unix://tmp/csi.sock} (the Go driver's default, meaning {@code /tmp/csi.sock}),
 * {@code unix:/path} or a plain absolute path.
 */
public final class Endpoint {

	private Endpoint() {
	}

	/**
	 * The socket path {@code endpoint} names.
	 * @throws IllegalArgumentException when it is not a Unix socket endpoint
	 */
	public static Path socketPath(String endpoint) {
		String value = (endpoint != null) ? endpoint.trim() : "";
		String lower = value.toLowerCase();
		String path;
		if (lower.startsWith("unix://")) {
			path = value.substring("unix://".length());
		}
		else if (lower.startsWith("unix:")) {
			path = value.substring("unix:".length());
		}
		else if (value.startsWith("/")) {
			path = value;
		}
		else {
			throw new IllegalArgumentException("invalid endpoint \"" + endpoint
					+ "\": only Unix sockets are supported, such as unix:///csi/csi.sock");
		}
		path = path.replaceFirst("^/+", "/");
		if (path.isEmpty() || path.equals("/")) {
			throw new IllegalArgumentException("invalid endpoint \"" + endpoint + "\": no socket path");
		}
		return Path.of(path.startsWith("/") ? path : "/" + path).normalize();
	}

}
