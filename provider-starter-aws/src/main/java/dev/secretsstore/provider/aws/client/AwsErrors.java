package dev.secretsstore.provider.aws.client;

import java.util.Set;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.RetryableProviderException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns AWS SDK failures into provider failures: missing objects, denied access,
 * throttling and outages apart, with the service's own message, which names resources but
 * never carries credentials or secret values.
 */
public final class AwsErrors {

	private static final Set<String> NOT_FOUND = Set.of("ResourceNotFoundException", "ParameterNotFound",
			"ParameterVersionNotFound", "ParameterVersionLabelNotFound");

	private static final Set<String> DENIED = Set.of("AccessDeniedException", "AccessDenied",
			"UnrecognizedClientException", "ExpiredTokenException", "ExpiredToken", "InvalidClientTokenId",
			"InvalidIdentityToken", "IDPRejectedClaim", "InvalidSignatureException", "SignatureDoesNotMatch",
			"MissingAuthenticationToken", "IncompleteSignature", "AuthFailure", "RegionDisabledException");

	private static final Set<String> TRANSIENT = Set.of("IDPCommunicationError", "InternalServiceError",
			"InternalFailure", "ServiceUnavailable", "RequestTimeout", "RequestTimeoutException");

	private AwsErrors() {
	}

	/**
	 * The provider failure for {@code ex}.
	 * @param action what failed, such as "fetching secret MySecret in us-east-1"
	 */
	public static ProviderException map(SdkException ex, String action) {
		if (!(ex instanceof AwsServiceException service)) {
			// no answer from the service: connection refused, timeout, unreadable
			// response
			return new RetryableProviderException("", action + " failed: " + ex.getMessage(), null, ex);
		}
		AwsErrorDetails details = service.awsErrorDetails();
		String code = (details != null && details.errorCode() != null) ? details.errorCode() : "";
		String message = action + " failed: " + describe(service, details, code);
		int status = service.statusCode();
		if (NOT_FOUND.contains(code)) {
			return new ProviderException(Reason.NOT_FOUND, code, message, ex);
		}
		if (DENIED.contains(code) || status == 401 || status == 403) {
			return new ProviderException(Reason.PERMISSION_DENIED, code, message, ex);
		}
		if (service.isThrottlingException() || status == 429) {
			return RetryableProviderException.throttled(code, message, null, ex);
		}
		if (TRANSIENT.contains(code) || status >= 500) {
			return new RetryableProviderException(code, message, null, ex);
		}
		return new ProviderException(Reason.FAILED, code, message, ex);
	}

	private static String describe(AwsServiceException ex, AwsErrorDetails details, String code) {
		String text = (details != null && details.errorMessage() != null) ? details.errorMessage() : "";
		StringBuilder description = new StringBuilder(text.isEmpty() ? "HTTP " + ex.statusCode() : text);
		if (!code.isEmpty()) {
			description.append(" (").append(code).append(")");
		}
		if (ex.requestId() != null) {
			description.append(" [request id ").append(ex.requestId()).append("]");
		}
		return description.toString();
	}

}
