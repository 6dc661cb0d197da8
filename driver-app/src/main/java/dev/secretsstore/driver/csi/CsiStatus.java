package dev.secretsstore.driver.csi;

import java.util.function.Supplier;

import dev.secretsstore.driver.logging.Untrusted;
import dev.secretsstore.driver.volume.VolumeException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the outcome of a CSI call into a gRPC answer. Every failure gets a definite code
 * (never UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED or RESOURCE_EXHAUSTED, which kubelet
 * reads as "the volume may be half-mounted") and a message that names the object at
 * fault.
 */
final class CsiStatus {

	/**
	 * The longest message sent: request fields are cut where they are quoted, and this
	 * catches whatever else grew (a provider's error, an exception quoting a path), so
	 * that kubelet's logs and events stay readable.
	 */
	static final int MESSAGE_LIMIT = 4096;

	private static final Logger logger = LoggerFactory.getLogger(CsiStatus.class);

	private CsiStatus() {
	}

	static StatusRuntimeException invalidArgument(String message) {
		return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
	}

	private static StatusRuntimeException bounded(Status status, String message) {
		return status.withDescription(Untrusted.bound(message, MESSAGE_LIMIT)).asRuntimeException();
	}

	/**
	 * Answers {@code response} with what {@code call} returns, or with the status its
	 * failure maps to.
	 */
	static <T> void respond(StreamObserver<T> response, Supplier<T> call) {
		T result;
		try {
			result = call.get();
		}
		catch (StatusRuntimeException ex) {
			response.onError(bounded(ex.getStatus(), ex.getStatus().getDescription()));
			return;
		}
		catch (VolumeException ex) {
			response.onError(bounded(statusOf(ex), ex.getMessage()));
			return;
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected failure of a CSI call", ex);
			response.onError(bounded(Status.INTERNAL, "unexpected error: " + ex));
			return;
		}
		response.onNext(result);
		response.onCompleted();
	}

	static Status statusOf(VolumeException ex) {
		return switch (ex.kind()) {
			case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
			case NOT_FOUND -> Status.NOT_FOUND;
			case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
			case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
			case INTERNAL -> Status.INTERNAL;
		};
	}

}
