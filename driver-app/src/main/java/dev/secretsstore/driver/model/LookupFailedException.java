package dev.secretsstore.driver.model;

/**
 * Asking where the objects live (the API server in cluster mode) failed: the object may
 * exist, but the driver cannot tell. The message names the object and the answer.
 */
public class LookupFailedException extends RuntimeException {

	public LookupFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
