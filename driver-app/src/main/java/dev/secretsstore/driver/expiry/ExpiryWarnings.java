package dev.secretsstore.driver.expiry;

import java.time.Duration;
import java.time.Instant;

import dev.secretsstore.driver.status.MountedVolume;

/**
 * Where a warning that a mounted certificate expires soon goes: a Warning Event on the
 * pod in cluster mode, the log in standalone mode. Told once per certificate (file and
 * NotAfter) of a volume.
 */
@FunctionalInterface
public interface ExpiryWarnings {

	/** The reason of the pod's Warning Event. */
	String REASON = "SecretObjectNearExpiry";

	/**
	 * @param volume the volume the certificate is mounted in
	 * @param file the certificate's file path in the volume
	 * @param notAfter when it expires
	 * @param left how long it has until then (negative when it has expired)
	 */
	void nearExpiry(MountedVolume volume, String file, Instant notAfter, Duration left);

	/**
	 * What the warning says: the file, the SecretProviderClass and the dates, never the
	 * certificate's subject or content.
	 */
	static String message(MountedVolume volume, String file, Instant notAfter, Duration left) {
		String where = "certificate in file " + file + " of spc " + volume.pod().namespace() + "/"
				+ volume.secretProviderClass();
		if (left.isNegative() || left.isZero()) {
			return where + " expired at " + notAfter + "; it is still mounted";
		}
		return where + " expires at " + notAfter + " (in " + rounded(left) + ")";
	}

	private static String rounded(Duration left) {
		if (left.toDays() > 0) {
			return left.toDays() + "d" + left.toHoursPart() + "h";
		}
		if (left.toHours() > 0) {
			return left.toHours() + "h" + left.toMinutesPart() + "m";
		}
		return left.toMinutes() + "m" + left.toSecondsPart() + "s";
	}

}
