package dev.secretsstore.provider.plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.ProviderNames;
import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.RetryableProviderException;
import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.plugin.v1alpha1.CSIDriverProviderGrpc;
import dev.secretsstore.provider.plugin.v1alpha1.VersionRequest;
import dev.secretsstore.provider.plugin.v1alpha1.VersionResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SecretProvider} that forwards each call to a remote provider plugin over the
 * v1alpha1 protocol on a Unix socket, as the Go driver does. Thread-safe; one channel per
 * client, shut down by {@link #close()}.
 */
public final class PluginClient implements SecretProvider, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PluginClient.class);

	/**
	 * The Go driver warns above this response size too: it nears the default 4 MiB limit.
	 */
	private static final int LARGE_RESPONSE_BYTES = 1024 * 1024;

	private final String name;

	private final Path socket;

	private final PluginClientOptions options;

	private final ManagedChannel channel;

	private final CSIDriverProviderGrpc.CSIDriverProviderBlockingStub stub;

	public PluginClient(String name, Path socket) {
		this(name, socket, PluginClientOptions.defaults());
	}

	/**
	 * Connects lazily: the socket need not exist yet.
	 * @param name the provider name, used in messages and as the runtime name when the
	 * plugin does not answer
	 * @param socket the plugin's socket, such as
	 * {@code /var/run/secrets-store-csi-providers/vault.sock}
	 */
	public PluginClient(String name, Path socket, PluginClientOptions options) {
		if (!ProviderNames.isValid(name)) {
			throw new IllegalArgumentException("'" + name + "' is not a valid provider name");
		}
		this.name = name;
		this.socket = socket.toAbsolutePath().normalize();
		this.options = options;
		this.channel = PluginChannels.open(this.socket, options);
		this.stub = CSIDriverProviderGrpc.newBlockingStub(this.channel);
	}

	@Override
	public String name() {
		return this.name;
	}

	/**
	 * The absolute path of the plugin's socket.
	 */
	public Path socket() {
		return this.socket;
	}

	/**
	 * The plugin's socket: the call's deadline travels with each gRPC call.
	 */
	@Override
	public Optional<String> remoteEndpoint() {
		return Optional.of(this.socket.toString());
	}

	/**
	 * Mounts through the plugin. An empty {@link MountResponse#files()} means a legacy
	 * plugin wrote the files into the target path itself.
	 */
	@Override
	public MountResponse mount(MountRequest request) throws ProviderException {
		requireSocket();
		dev.secretsstore.provider.plugin.v1alpha1.MountResponse response;
		try {
			response = this.stub.withDeadlineAfter(this.options.callTimeout().toNanos(), TimeUnit.NANOSECONDS)
				.mount(PluginCodec.toProto(request));
		}
		catch (StatusRuntimeException ex) {
			throw PluginStatus.toException(ex, this.name, this.socket, this.options.maxCallRecvMsgSize());
		}
		String code = response.getError().getCode();
		if (!code.isEmpty()) {
			throw new ProviderException(Reason.FAILED, code,
					"provider " + this.name + " failed the mount with error code " + code);
		}
		if (response.getObjectVersionCount() == 0) {
			throw new ProviderException(Reason.FAILED, "",
					"provider " + this.name + " returned no object versions: missing object versions");
		}
		if (response.getSerializedSize() > LARGE_RESPONSE_BYTES) {
			log.info("Provider {} returned {} bytes, near the limit of {}; raise --max-call-recv-msg-size if it grows",
					this.name, response.getSerializedSize(), this.options.maxCallRecvMsgSize());
		}
		try {
			return PluginCodec.fromProto(response);
		}
		catch (IllegalArgumentException ex) {
			throw new ProviderException(Reason.FAILED, "",
					"provider " + this.name + " returned an invalid mount response: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Asks the plugin for its version, for health checks.
	 * @throws ProviderException when the plugin cannot be reached or fails the call
	 */
	@Override
	public ProviderVersion checkVersion() throws ProviderException {
		requireSocket();
		try {
			VersionResponse response = this.stub
				.withDeadlineAfter(this.options.versionTimeout().toNanos(), TimeUnit.NANOSECONDS)
				.version(VersionRequest.newBuilder().setVersion(PluginCodec.PROTOCOL_VERSION).build());
			return new ProviderVersion(response.getRuntimeName(), response.getRuntimeVersion());
		}
		catch (StatusRuntimeException ex) {
			throw PluginStatus.toException(ex, this.name, this.socket, this.options.maxCallRecvMsgSize());
		}
	}

	/**
	 * The plugin's version, or the provider name with version {@code unknown} when it
	 * does not answer.
	 */
	@Override
	public ProviderVersion version() {
		try {
			return checkVersion();
		}
		catch (ProviderException ex) {
			log.warn("Provider {} did not answer the version query: {}", this.name, ex.getMessage());
			return new ProviderVersion(this.name, "unknown");
		}
	}

	/**
	 * Shuts the channel down, waiting briefly for calls in flight.
	 */
	@Override
	public void close() {
		this.channel.shutdown();
		try {
			if (!this.channel.awaitTermination(5, TimeUnit.SECONDS)) {
				this.channel.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.channel.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return "PluginClient[name=" + this.name + ", socket=" + this.socket + "]";
	}

	/**
	 * Fails fast without a socket, as the Go driver does before dialing, rather than
	 * retrying until the deadline.
	 */
	private void requireSocket() throws RetryableProviderException {
		if (!Files.exists(this.socket)) {
			throw new RetryableProviderException("",
					"provider " + this.name + " has no socket at " + this.socket + ": is the plugin running?");
		}
	}

}
