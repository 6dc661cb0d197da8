package dev.secretsstore.provider.plugin;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.secretsstore.provider.plugin.v1alpha1.CSIDriverProviderGrpc;
import dev.secretsstore.provider.plugin.v1alpha1.MountRequest;
import dev.secretsstore.provider.plugin.v1alpha1.MountResponse;
import dev.secretsstore.provider.plugin.v1alpha1.VersionRequest;
import dev.secretsstore.provider.plugin.v1alpha1.VersionResponse;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * A raw v1alpha1 plugin for client tests: records every request and the
 * {@code :authority} it came with, and gives scripted answers in order, repeating the
 * last one.
 */
final class ScriptedPlugin extends CSIDriverProviderGrpc.CSIDriverProviderImplBase {

	/** An answer that never completes the call, to run into the client's deadline. */
	static final Object HANG = new Object();

	final List<MountRequest> mounts = new CopyOnWriteArrayList<>();

	final List<VersionRequest> versions = new CopyOnWriteArrayList<>();

	final List<String> authorities = new CopyOnWriteArrayList<>();

	private final ConcurrentLinkedDeque<Object> answers = new ConcurrentLinkedDeque<>();

	/**
	 * Queues answers: a {@link MountResponse}, a {@link Status}, or {@link #HANG}.
	 */
	ScriptedPlugin answer(Object... answers) {
		this.answers.addAll(List.of(answers));
		return this;
	}

	ServerServiceDefinition definition() {
		return ServerInterceptors.intercept(this, new ServerInterceptor() {
			@Override
			public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
					ServerCallHandler<Q, R> next) {
				ScriptedPlugin.this.authorities.add(call.getAuthority());
				return next.startCall(call, headers);
			}
		});
	}

	@Override
	public void mount(MountRequest request, StreamObserver<MountResponse> observer) {
		this.mounts.add(request);
		Object answer = (this.answers.size() > 1) ? this.answers.poll() : this.answers.peek();
		if (answer instanceof MountResponse response) {
			observer.onNext(response);
			observer.onCompleted();
		}
		else if (answer instanceof Status status) {
			observer.onError(status.asRuntimeException());
		}
		else if (answer != HANG) {
			observer.onError(Status.INTERNAL.withDescription("no answer scripted").asRuntimeException());
		}
	}

	@Override
	public void version(VersionRequest request, StreamObserver<VersionResponse> observer) {
		this.versions.add(request);
		observer.onNext(VersionResponse.newBuilder()
			.setVersion("v1alpha1")
			.setRuntimeName("scripted")
			.setRuntimeVersion("0.0.1")
			.build());
		observer.onCompleted();
	}

}
