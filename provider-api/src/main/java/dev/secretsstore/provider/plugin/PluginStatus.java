package dev.secretsstore.provider.plugin;

import java.nio.file.Path;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.RetryableProviderException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Maps gRPC statuses to provider failures on the client and back on the server, so a
 * failure keeps its kind across the socket: INVALID_ARGUMENT, NOT_FOUND,
 * PERMISSION_DENIED and UNAVAILABLE round-trip to the same reason.
 */
final class PluginStatus {

	private PluginStatus() {
	}

	/**
	 * The failure a plugin call ended with; the message names the provider and the socket
	 * and carries the gRPC description, which the plugin wrote and which holds no request
	 * data.
	 */
	static ProviderException toException(StatusRuntimeException ex, String provider, Path socket,
			int maxCallRecvMsgSize) {
		Status status = ex.getStatus();
		String message = "provider " + provider + " at " + socket + " failed with " + status.getCode()
				+ ((status.getDescription() != null) ? ": " + status.getDescription() : "");
		return switch (status.getCode()) {
			case INVALID_ARGUMENT -> new ProviderException(Reason.INVALID_PARAMETERS, "", message, ex);
			case NOT_FOUND -> new ProviderException(Reason.NOT_FOUND, "", message, ex);
			case PERMISSION_DENIED, UNAUTHENTICATED -> new ProviderException(Reason.PERMISSION_DENIED, "", message, ex);
			case RESOURCE_EXHAUSTED -> isMessageTooLarge(status)
					// the same response will be too large next time: only the operator
					// can fix it
					? new ProviderException(Reason.FAILED, "",
							message + "; the response is larger than " + maxCallRecvMsgSize
									+ " bytes: raise --max-call-recv-msg-size",
							ex)
					: new RetryableProviderException("", message, null, ex);
			case UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED -> new RetryableProviderException("", message, null, ex);
			default -> new ProviderException(Reason.FAILED, "", message, ex);
		};
	}

	/**
	 * Whether a RESOURCE_EXHAUSTED status is a message over the size limit, as grpc-java
	 * ("exceeds maximum size") and grpc-go ("larger than max") word it, rather than a
	 * plugin throttling us.
	 */
	static boolean isMessageTooLarge(Status status) {
		String description = (status.getDescription() != null) ? status.getDescription() : "";
		return status.getCode() == Status.Code.RESOURCE_EXHAUSTED
				&& (description.contains("exceeds maximum size") || description.contains("larger than max"));
	}

	/**
	 * The status a plugin server answers a provider failure with: the inverse of
	 * {@link #toException}.
	 */
	static Status toStatus(ProviderException ex) {
		Status status = ex.isRetryable() ? Status.UNAVAILABLE : switch (ex.reason()) {
			case INVALID_PARAMETERS -> Status.INVALID_ARGUMENT;
			case NOT_FOUND -> Status.NOT_FOUND;
			case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
			case UNAVAILABLE -> Status.UNAVAILABLE;
			case FAILED -> Status.INTERNAL;
		};
		return status.withDescription(ex.getMessage());
	}

}
