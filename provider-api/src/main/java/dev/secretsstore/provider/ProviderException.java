package dev.secretsstore.provider;

/**
 * A provider could not fetch the secrets of a volume. This base type is final: retrying
 * the same request will fail the same way (bad parameters, an object that does not exist,
 * no permission). Transient failures are a {@link RetryableProviderException}. The driver
 * keeps whatever is mounted and reports the failure.
 */
public class ProviderException extends Exception {

	private final Reason reason;

	private final String errorCode;

	/**
	 * @param reason what kind of failure this is; the driver answers kubelet with the
	 * matching gRPC code
	 * @param errorCode the provider's own error code, reported as the metric label
	 * {@code error_type}; may be empty
	 * @param message names the object or parameter at fault; must not contain secret
	 * material
	 */
	public ProviderException(Reason reason, String errorCode, String message) {
		this(reason, errorCode, message, null);
	}

	public ProviderException(Reason reason, String errorCode, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.errorCode = (errorCode != null) ? errorCode : "";
	}

	/**
	 * What kind of failure this is.
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * The provider's own error code, or an empty string.
	 */
	public String errorCode() {
		return this.errorCode;
	}

	/**
	 * Whether trying again later may succeed.
	 */
	public boolean isRetryable() {
		return false;
	}

	/**
	 * The kinds of provider failure the driver tells apart.
	 */
	public enum Reason {

		/** The SecretProviderClass parameters or the request are wrong. */
		INVALID_PARAMETERS,

		/** An object the volume asks for does not exist in the store. */
		NOT_FOUND,

		/** The pod's identity may not read an object, or could not authenticate. */
		PERMISSION_DENIED,

		/**
		 * The store or the provider cannot be reached or is throttling; worth retrying.
		 */
		UNAVAILABLE,

		/** Any other failure. */
		FAILED

	}

}
