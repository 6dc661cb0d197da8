package dev.secretsstore.provider.plugin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import dev.secretsstore.provider.SecretProvider;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link SecretProvider} as the v1alpha1 {@code CSIDriverProvider} on a Unix
 * socket, so this driver and the Go driver can use it as a provider plugin.
 */
public final class PluginServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PluginServer.class);

	/** sun_path holds 108 bytes, the terminating NUL included. */
	private static final int MAX_SOCKET_PATH_BYTES = 107;

	private static final int FILE_TYPE_MASK = 0170000;

	private static final int SOCKET_TYPE = 0140000;

	private static final long SHUTDOWN_SECONDS = 5;

	private final Path socket;

	private final ServerServiceDefinition service;

	private final String label;

	private Server server;

	private EventLoopGroup boss;

	private EventLoopGroup worker;

	/**
	 * @param socket where to listen, such as
	 * {@code /etc/kubernetes/secrets-store-csi-providers/vault.sock}
	 */
	public PluginServer(Path socket, SecretProvider provider) {
		this(socket, new PluginService(provider).bindService(), provider.name());
	}

	/**
	 * Serves any service definition; tests use it for plugins that misbehave on purpose.
	 */
	PluginServer(Path socket, ServerServiceDefinition service, String label) {
		this.socket = socket.toAbsolutePath().normalize();
		this.service = service;
		this.label = label;
	}

	/**
	 * Starts a server for {@code provider} on {@code socket}.
	 */
	public static PluginServer serve(Path socket, SecretProvider provider) throws IOException {
		return new PluginServer(socket, provider).start();
	}

	/**
	 * Replaces a stale socket file, binds, and makes the socket readable and writable by
	 * owner and group only.
	 * @throws IOException when the path is not a socket, is too long, or cannot be bound
	 */
	public synchronized PluginServer start() throws IOException {
		if (this.server != null) {
			throw new IllegalStateException("plugin server on " + this.socket + " is already started");
		}
		if (this.socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
			throw new IOException("socket path " + this.socket + " is longer than " + MAX_SOCKET_PATH_BYTES + " bytes");
		}
		Epoll.ensureAvailability();
		removeStaleSocket();
		this.boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
		this.worker = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
		try {
			this.server = NettyServerBuilder.forAddress(new DomainSocketAddress(this.socket.toString()))
				.channelType(EpollServerDomainSocketChannel.class)
				.bossEventLoopGroup(this.boss)
				.workerEventLoopGroup(this.worker)
				// grpc-netty asks every connection for TCP keep-alive, which Netty warns
				// about on a Unix socket
				.withChildOption(ChannelOption.SO_KEEPALIVE, null)
				.addService(this.service)
				.build()
				.start();
			Files.setPosixFilePermissions(this.socket, PosixFilePermissions.fromString("rw-rw----"));
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw ex;
		}
		log.info("Serving provider {} on {}", this.label, this.socket);
		return this;
	}

	/**
	 * The absolute path of the socket.
	 */
	public Path socket() {
		return this.socket;
	}

	/**
	 * Stops accepting calls, waits briefly for those in flight, and releases the event
	 * loops and the socket file.
	 */
	@Override
	public synchronized void close() {
		try {
			if (this.server != null) {
				this.server.shutdown();
				if (!this.server.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
					this.server.shutdownNow();
				}
			}
		}
		catch (InterruptedException ex) {
			this.server.shutdownNow();
			Thread.currentThread().interrupt();
		}
		finally {
			this.server = null;
			shutDown(this.boss);
			shutDown(this.worker);
		}
	}

	private static void shutDown(EventLoopGroup group) {
		if (group != null) {
			group.shutdownGracefully(0, SHUTDOWN_SECONDS, TimeUnit.SECONDS).awaitUninterruptibly();
		}
	}

	/**
	 * Removes a socket left by a server that died, as Go plugins do. Anything else at the
	 * path is refused rather than replaced, since the path is then most likely wrong;
	 * this check matters because Netty's bind unlinks whatever it finds there.
	 */
	private void removeStaleSocket() throws IOException {
		if (!Files.exists(this.socket, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		int mode = (Integer) Files.getAttribute(this.socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
		if ((mode & FILE_TYPE_MASK) != SOCKET_TYPE) {
			throw new IOException(this.socket + " exists and is not a socket; refusing to replace it");
		}
		log.info("Removing stale socket {}", this.socket);
		Files.delete(this.socket);
	}

}
