package dev.secretsstore.provider.vault.version;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReference;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.SharedKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the HMAC key of object versions comes from: the configured {@code version-key}
 * when there is one (no API call, no RBAC needed), else the Go provider's Kubernetes
 * Secret, got or created on first use through the driver, else none, and objects get an
 * empty version, as the Go provider does when it cannot get its key: delivering the
 * secret matters more than versioning it.
 */
public final class VersionKey {

	/** The data key of the Go provider's Secret. */
	static final String DATA_KEY = "key";

	/** The length of a key the Go provider creates. */
	static final int LENGTH = 32;

	private static final Logger log = LoggerFactory.getLogger(VersionKey.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final byte[] configured;

	private final SharedKeys shared;

	private final String secretName;

	private final AtomicReference<String> lastFailure = new AtomicReference<>();

	public VersionKey(String configured, SharedKeys shared, String secretName) {
		this.configured = configured.isEmpty() ? null : configured.getBytes(StandardCharsets.UTF_8);
		this.shared = shared;
		this.secretName = secretName;
	}

	/**
	 * The key for one mount, or {@code null} when none can be had.
	 */
	public byte[] get() {
		if (this.configured != null) {
			return this.configured;
		}
		try {
			byte[] key = this.shared.getOrCreate(this.secretName, DATA_KEY, VersionKey::candidate);
			this.lastFailure.set(null);
			return key;
		}
		catch (ProviderException ex) {
			// once per distinct failure, not on every mount of every pod
			if (!ex.getMessage().equals(this.lastFailure.getAndSet(ex.getMessage()))) {
				log.warn("No HMAC key for Vault object versions, so mounted objects get none until there is one: {}",
						ex.getMessage());
			}
			return null;
		}
	}

	private static byte[] candidate() {
		byte[] key = new byte[LENGTH];
		RANDOM.nextBytes(key);
		return key;
	}

}
