package dev.secretsstore.driver.volume;

/**
 * A volume operation failed for a reason the caller can name: the CSI layer turns the
 * kind into a gRPC status code and the error type into the {@code error_type} metric
 * label.
 */
public class VolumeException extends RuntimeException {

	private final Kind kind;

	private final String errorType;

	private final String provider;

	public VolumeException(Kind kind, String errorType, String message) {
		this(kind, errorType, message, null);
	}

	public VolumeException(Kind kind, String errorType, String message, Throwable cause) {
		this(kind, errorType, message, cause, "");
	}

	private VolumeException(Kind kind, String errorType, String message, Throwable cause, String provider) {
		super(message, cause);
		this.kind = kind;
		this.errorType = errorType;
		this.provider = provider;
	}

	/**
	 * This failure, of a volume whose SecretProviderClass names {@code provider}.
	 */
	public VolumeException forProvider(String provider) {
		VolumeException named = new VolumeException(this.kind, this.errorType, getMessage(), getCause(), provider);
		named.setStackTrace(getStackTrace());
		return named;
	}

	/**
	 * The provider the volume's SecretProviderClass names, or empty when the failure came
	 * before the class was read: the {@code provider} label of
	 * {@code node_publish_error}, as the Go driver sets it.
	 */
	public String provider() {
		return this.provider;
	}

	/**
	 * What kind of failure this is.
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * The Go driver's error type for this failure, such as
	 * {@code SecretProviderClassNotFound}.
	 */
	public String errorType() {
		return this.errorType;
	}

	/**
	 * Kinds of failure, each a definite outcome: nothing is left half-done when one is
	 * thrown.
	 */
	public enum Kind {

		/** The request, the volume context or the SecretProviderClass is wrong. */
		INVALID_ARGUMENT,

		/** The SecretProviderClass or an object in the store does not exist. */
		NOT_FOUND,

		/** The provider is not installed or cannot be reached. */
		FAILED_PRECONDITION,

		/** The pod's identity may not read an object. */
		PERMISSION_DENIED,

		/** Mounting, writing or recording failed, or the provider failed otherwise. */
		INTERNAL

	}

}
