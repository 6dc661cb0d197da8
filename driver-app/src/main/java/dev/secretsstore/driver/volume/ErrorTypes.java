package dev.secretsstore.driver.volume;

/**
 * The Go driver's error types ({@code pkg/errors}), used as the {@code error_type} metric
 * label.
 */
public final class ErrorTypes {

	public static final String FAILED_TO_ENSURE_MOUNT_POINT = "FailedToEnsureMountPoint";

	public static final String PROVIDER_ERROR = "ProviderError";

	public static final String FAILED_TO_MOUNT = "FailedToMount";

	public static final String SECRET_PROVIDER_CLASS_NOT_FOUND = "SecretProviderClassNotFound";

	public static final String FAILED_TO_LOOKUP_PROVIDER_GRPC_CLIENT = "FailedToLookupProviderGRPCClient";

	public static final String GRPC_PROVIDER_ERROR = "GRPCProviderError";

	public static final String UNEXPECTED_TARGET_PATH = "UnexpectedTargetPath";

	public static final String FILE_WRITE_ERROR = "FileWriteError";

	/**
	 * The Go reconciler's type when the pod is gone; here when a token cannot be minted
	 * because of that.
	 */
	public static final String POD_NOT_FOUND = "PodNotFound";

	/**
	 * Ours: the volume context or SecretProviderClass is invalid (the Go driver reports
	 * these as plain errors).
	 */
	public static final String INVALID_VOLUME = "InvalidVolume";

	/**
	 * Ours: a service-account token expired before a rotation and the driver may not mint
	 * tokens.
	 */
	public static final String SERVICE_ACCOUNT_TOKEN_EXPIRED = "ServiceAccountTokenExpired";

	/**
	 * Ours: a service-account token expired before a rotation and minting a new one
	 * failed.
	 */
	public static final String FAILED_TO_MINT_TOKEN = "FailedToMintServiceAccountToken";

	/** Ours: recording the mount (pod status) failed. */
	public static final String FAILED_TO_RECORD_STATUS = "FailedToRecordStatus";

	private ErrorTypes() {
	}

}
