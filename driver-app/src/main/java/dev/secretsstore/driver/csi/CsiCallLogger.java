package dev.secretsstore.driver.csi;

import com.google.protobuf.Message;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every CSI call once, at debug, when it ends: method, request without secrets or
 * tokens, outcome and duration. Turned on by {@code -v=5} and above, as the Go driver
 * logs requests at verbosity 5.
 */
public class CsiCallLogger implements ServerInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(CsiCallLogger.class);

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		if (!logger.isDebugEnabled()) {
			return next.startCall(call, headers);
		}
		long started = System.nanoTime();
		String method = call.getMethodDescriptor().getFullMethodName();
		String[] request = { "" };
		ServerCall<Q, R> logging = new SimpleForwardingServerCall<>(call) {
			@Override
			public void close(Status status, Metadata trailers) {
				logger.debug("CSI {} request: {{}} -> {}{} in {} ms", method, request[0], status.getCode(),
						(status.getDescription() != null) ? " (" + status.getDescription() + ")" : "",
						(System.nanoTime() - started) / 1_000_000);
				super.close(status, trailers);
			}
		};
		return new SimpleForwardingServerCallListener<>(next.startCall(logging, headers)) {
			@Override
			public void onMessage(Q message) {
				if (message instanceof Message protobuf) {
					request[0] = SecretStripper.toLogString(protobuf);
				}
				super.onMessage(message);
			}
		};
	}

}
