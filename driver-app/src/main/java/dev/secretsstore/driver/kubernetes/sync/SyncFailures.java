package dev.secretsstore.driver.kubernetes.sync;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a sync failure once while it repeats, and a missing permission to write Secrets
 * once per process, so a rotation pass every few seconds does not flood the log.
 */
final class SyncFailures {

	static final String FORBIDDEN = "the driver may not write Secrets: install the chart with syncSecret.enabled=true";

	private static final Logger logger = LoggerFactory.getLogger(SecretSync.class);

	/** The last failure logged per subject (a Secret or a volume). */
	private final Map<String, String> last = new ConcurrentHashMap<>();

	private final AtomicBoolean forbiddenLogged = new AtomicBoolean();

	private final AtomicInteger warnings = new AtomicInteger();

	/**
	 * Logs {@code message} unless it is the failure last logged for {@code subject}.
	 */
	void failed(String subject, String message) {
		if (!message.equals(this.last.put(subject, message))) {
			this.warnings.incrementAndGet();
			logger.warn("Secret sync: {}", message);
		}
	}

	/**
	 * Logs, once per process, that the service account lacks the RBAC rules for Secrets.
	 */
	void forbidden(String subject) {
		this.last.put(subject, FORBIDDEN);
		if (this.forbiddenLogged.compareAndSet(false, true)) {
			this.warnings.incrementAndGet();
			logger.warn("Secret sync: {}", FORBIDDEN);
		}
	}

	/**
	 * Forgets the failure of {@code subject}, so the next one is logged again.
	 */
	void succeeded(String subject) {
		if (this.last.remove(subject) != null) {
			logger.info("Secret sync: {} succeeded again", subject);
		}
	}

	/**
	 * How many warnings were logged.
	 */
	int warnings() {
		return this.warnings.get();
	}

}
