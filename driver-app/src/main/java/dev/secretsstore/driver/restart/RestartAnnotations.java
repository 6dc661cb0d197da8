package dev.secretsstore.driver.restart;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedSet;

/**
 * The two annotations a restart writes on the pod template, as
 * {@code kubectl rollout restart} writes {@code kubectl.kubernetes.io/restartedAt}:
 * changing the template is what makes the controller roll its pods. They live on the
 * workload, so every node's driver reads the same ones, and they outlive the driver's own
 * restarts.
 */
public final class RestartAnnotations {

	/**
	 * When the workload was last restarted for a rotation (RFC 3339): the minimum period
	 * counts from it.
	 */
	public static final String RESTARTED_AT = "secrets-store.csi.x-k8s.io/restartedAt";

	/**
	 * Which rotation it was restarted for: a SHA-256 over the sorted
	 * (SecretProviderClass, object id, new version) of the rotations folded into the
	 * restart. Every node that saw the same rotation computes the same value, so a node
	 * that finds it already there knows the restart is done. Versions are not secret
	 * (they are in every pod status); no secret byte goes into it.
	 */
	public static final String RESTARTED_FOR = "secrets-store.csi.x-k8s.io/restartedFor";

	private RestartAnnotations() {
	}

	/**
	 * The value of {@value #RESTARTED_FOR} for these rotated objects.
	 */
	public static String restartedFor(SortedSet<RotatedObject> objects) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			for (RotatedObject object : objects) {
				// NUL cannot be in a name, an id or a version: no two lists hash the same
				// text
				String line = object.secretProviderClass() + "\0" + object.id() + "\0" + object.newVersion() + "\n";
				sha256.update(line.getBytes(StandardCharsets.UTF_8));
			}
			return "sha256-" + HexFormat.of().formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

	/**
	 * The annotations of a restart at {@code time} for {@code restartedFor}.
	 */
	public static Map<String, String> of(Instant time, String restartedFor) {
		return Map.of(RESTARTED_AT, time.toString(), RESTARTED_FOR, restartedFor);
	}

	/**
	 * When the template says it was last restarted, or null when never or unreadable (a
	 * hand-edited value must not stop restarts for good).
	 */
	public static Instant restartedAt(Map<String, String> templateAnnotations) {
		String value = templateAnnotations.get(RESTARTED_AT);
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
