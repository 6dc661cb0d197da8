package dev.secretsstore.driver.expiry;

import java.time.Duration;
import java.time.Instant;

import dev.secretsstore.driver.status.MountedVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone mode (no API server to hold Events), or Events turned off: the warning as a
 * WARN log line.
 */
final class LoggedExpiryWarnings implements ExpiryWarnings {

	private static final Logger logger = LoggerFactory.getLogger(LoggedExpiryWarnings.class);

	@Override
	public void nearExpiry(MountedVolume volume, String file, Instant notAfter, Duration left) {
		logger.warn("{} for pod {}: {}", REASON, volume.pod(), ExpiryWarnings.message(volume, file, notAfter, left));
	}

}
