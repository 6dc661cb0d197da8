package dev.secretsstore.provider.plugin;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.plugin.v1alpha1.CSIDriverProviderGrpc;
import dev.secretsstore.provider.plugin.v1alpha1.Error;
import dev.secretsstore.provider.plugin.v1alpha1.VersionRequest;
import dev.secretsstore.provider.plugin.v1alpha1.VersionResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The v1alpha1 {@code CSIDriverProvider} service in front of one {@link SecretProvider},
 * answering as upstream plugins do: a provider's own error code in
 * {@code MountResponse.error}, every other failure as a gRPC status.
 */
final class PluginService extends CSIDriverProviderGrpc.CSIDriverProviderImplBase {

	private static final Logger log = LoggerFactory.getLogger(PluginService.class);

	private final SecretProvider provider;

	PluginService(SecretProvider provider) {
		this.provider = provider;
	}

	@Override
	public void mount(dev.secretsstore.provider.plugin.v1alpha1.MountRequest request,
			StreamObserver<dev.secretsstore.provider.plugin.v1alpha1.MountResponse> observer) {
		MountRequest decoded;
		try {
			decoded = PluginCodec.fromProto(request);
		}
		catch (IllegalArgumentException ex) {
			// the message names the field, never its content
			observer.onError(Status.INVALID_ARGUMENT.withDescription(ex.getMessage()).asRuntimeException());
			return;
		}
		try {
			MountResponse response = this.provider.mount(decoded);
			observer.onNext(PluginCodec.toProto(response));
			observer.onCompleted();
		}
		catch (ProviderException ex) {
			fail(ex, observer);
		}
		catch (RuntimeException ex) {
			// the message of an unexpected failure may quote what the provider was
			// parsing, so only at DEBUG
			log.error("Provider {} failed a mount unexpectedly with {} at {}", this.provider.name(),
					ex.getClass().getName(), (ex.getStackTrace().length > 0) ? ex.getStackTrace()[0] : "?");
			log.debug("Provider {} failed a mount unexpectedly", this.provider.name(), ex);
			observer.onError(Status.INTERNAL
				.withDescription(
						"provider " + this.provider.name() + " failed unexpectedly: " + ex.getClass().getName())
				.asRuntimeException());
		}
	}

	private void fail(ProviderException ex,
			StreamObserver<dev.secretsstore.provider.plugin.v1alpha1.MountResponse> observer) {
		if (ex.reason() == Reason.FAILED && !ex.isRetryable() && !ex.errorCode().isEmpty()) {
			// the protocol carries only the code, so the message is logged here, where an
			// operator can find it
			log.warn("Provider {} failed a mount with error code {}: {}", this.provider.name(), ex.errorCode(),
					ex.getMessage());
			observer.onNext(dev.secretsstore.provider.plugin.v1alpha1.MountResponse.newBuilder()
				.setError(Error.newBuilder().setCode(ex.errorCode()))
				.build());
			observer.onCompleted();
			return;
		}
		observer.onError(PluginStatus.toStatus(ex).asRuntimeException());
	}

	@Override
	public void version(VersionRequest request, StreamObserver<VersionResponse> observer) {
		ProviderVersion version = this.provider.version();
		observer.onNext(VersionResponse.newBuilder()
			.setVersion(PluginCodec.PROTOCOL_VERSION)
			.setRuntimeName(version.runtimeName())
			.setRuntimeVersion(version.runtimeVersion())
			.build());
		observer.onCompleted();
	}

}
