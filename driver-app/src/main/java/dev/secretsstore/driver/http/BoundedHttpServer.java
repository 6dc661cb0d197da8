package dev.secretsstore.driver.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The JDK's HTTP server on a small pool with a bounded queue, for a port of the driver's
 * own: a flood of requests waits in (or is refused by) the queue instead of growing
 * threads, and idle threads end after a minute, so a port nobody calls keeps none.
 */
public final class BoundedHttpServer {

	private final String name;

	private final InetSocketAddress address;

	private final int threads;

	private final int queued;

	private final HttpHandler handler;

	private @Nullable HttpServer server;

	private @Nullable ThreadPoolExecutor executor;

	/**
	 * @param name what is served, for messages and thread names, such as
	 * {@code change-webhook}
	 * @param threads how many requests are handled at once
	 * @param queued how many more may wait
	 */
	public BoundedHttpServer(String name, InetSocketAddress address, int threads, int queued, HttpHandler handler) {
		this.name = name;
		this.address = address;
		this.threads = threads;
		this.queued = queued;
		this.handler = handler;
	}

	/**
	 * Binds and starts serving.
	 * @return the port bound, which differs from the address's when that is 0
	 * @throws IllegalStateException naming the address when it cannot be bound
	 */
	public int start() {
		try {
			HttpServer server = HttpServer.create(this.address, 16);
			ThreadPoolExecutor executor = new ThreadPoolExecutor(this.threads, this.threads, 60, TimeUnit.SECONDS,
					new LinkedBlockingQueue<>(this.queued), new CustomizableThreadFactory(this.name + "-"));
			executor.allowCoreThreadTimeOut(true);
			server.setExecutor(executor);
			server.createContext("/", this.handler);
			server.start();
			this.server = server;
			this.executor = executor;
			return server.getAddress().getPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"cannot serve " + this.name + " on " + this.address + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Stops, letting a request under way finish for up to a second.
	 */
	public void stop() {
		if (this.server != null) {
			this.server.stop(1);
			this.executor.shutdown();
			this.server = null;
		}
	}

	public boolean isRunning() {
		return this.server != null;
	}

	/**
	 * A request's body, or {@code null} when it is larger than {@code maxBytes}: no more
	 * than one byte over the limit is read.
	 */
	public static byte @Nullable [] readBody(HttpExchange exchange, int maxBytes) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readNBytes(maxBytes + 1);
			return (body.length > maxBytes) ? null : body;
		}
	}

}
