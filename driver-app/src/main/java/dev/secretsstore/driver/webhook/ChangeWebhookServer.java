package dev.secretsstore.driver.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.secretsstore.driver.logging.Untrusted;
import dev.secretsstore.driver.webhook.ChangeNotifications.MalformedNotificationException;
import dev.secretsstore.driver.webhook.ChangeNotifications.Notification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Serves {@code POST /changes} on the webhook's own port (the JDK's HTTP server, as for
 * Actuator). Every call must present the shared token, compared in constant time, before
 * its body is read: as {@code Authorization: Bearer}, in the
 * {@code X-Secrets-Store-Token} header (an EventBridge connection's API key), or as the
 * {@code code} query parameter (an Event Grid subscription's URL, which can carry no
 * header during validation). Answers: 202 with how many volumes were queued, 200 with the
 * validation code to Event Grid's handshake, 401 without the token, 400 for a body it
 * cannot read, 413 over the size limit, 404/405 elsewhere; only a 202 rotates anything.
 * Counted as {@code secrets_store_webhook_notifications_total{format, outcome}}.
 */
final class ChangeWebhookServer implements SmartLifecycle {

	static final String PATH = "/changes";

	static final String TOKEN_HEADER = "X-Secrets-Store-Token";

	private static final Logger logger = LoggerFactory.getLogger(ChangeWebhookServer.class);

	private final InetSocketAddress address;

	private final WebhookToken token;

	private final int maxBodyBytes;

	private final ChangeNotifications notifications = new ChangeNotifications();

	private final StoreChangeRotations rotations;

	private final MeterRegistry meters;

	private final IntConsumer portListener;

	private @Nullable HttpServer server;

	private @Nullable ThreadPoolExecutor executor;

	ChangeWebhookServer(InetSocketAddress address, WebhookToken token, int maxBodyBytes, StoreChangeRotations rotations,
			MeterRegistry meters, IntConsumer portListener) {
		this.address = address;
		this.token = token;
		this.maxBodyBytes = maxBodyBytes;
		this.rotations = rotations;
		this.meters = meters;
		this.portListener = portListener;
	}

	@Override
	public void start() {
		try {
			HttpServer server = HttpServer.create(this.address, 16);
			// two threads: a notification only queues rotations; idle ones end after a
			// minute
			ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS,
					new LinkedBlockingQueue<>(32), new CustomizableThreadFactory("change-webhook-"));
			executor.allowCoreThreadTimeOut(true);
			server.setExecutor(executor);
			server.createContext("/", this::handle);
			server.start();
			this.server = server;
			this.executor = executor;
			int port = server.getAddress().getPort();
			this.portListener.accept(port);
			logger.info("Change webhook served on port {} at {}", port, PATH);
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"cannot serve the change webhook on " + this.address + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void stop() {
		if (this.server != null) {
			this.server.stop(1);
			this.executor.shutdown();
			this.server = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!exchange.getRequestURI().getPath().equals(PATH)) {
				respond(exchange, 404, "{\"error\":\"not found\"}");
				return;
			}
			if (!exchange.getRequestMethod().equals("POST")) {
				exchange.getResponseHeaders().set("Allow", "POST");
				respond(exchange, 405, "{\"error\":\"only POST\"}");
				return;
			}
			if (!authenticated(exchange)) {
				count("unknown", "unauthorized");
				exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
				respond(exchange, 401, "{\"error\":\"the webhook token is missing or wrong\"}");
				return;
			}
			byte[] body = readBody(exchange);
			if (body == null) {
				count("unknown", "too_large");
				respond(exchange, 413, "{\"error\":\"the body is over " + this.maxBodyBytes + " bytes\"}");
				return;
			}
			answer(exchange, body);
		}
		catch (RuntimeException ex) {
			logger.warn("Change notification failed: {}", ex.getMessage());
			respond(exchange, 500, "{\"error\":\"internal error\"}");
		}
	}

	private void answer(HttpExchange exchange, byte[] body) throws IOException {
		Notification notification;
		try {
			notification = this.notifications.read(body);
		}
		catch (MalformedNotificationException ex) {
			count("unknown", "malformed");
			respond(exchange, 400, "{\"error\":\"" + ex.getMessage().replace("\"", "'") + "\"}");
			return;
		}
		if (notification instanceof Notification.Validation validation) {
			count("eventgrid", "validated");
			logger.info("Answered Event Grid's subscription validation");
			respond(exchange, 200, "{\"validationResponse\":\"" + jsonSafe(validation.code()) + "\"}");
			return;
		}
		Notification.Changes changes = (Notification.Changes) notification;
		int queued = this.rotations.rotate(changes.changes());
		count(changes.format(), (queued > 0) ? "rotated" : "ignored");
		logger.info("Store change notification ({}): {} object(s) changed, {} mounted volume(s) queued for rotation",
				changes.format(), changes.changes().size(), queued);
		if (logger.isDebugEnabled()) {
			changes.changes().forEach((change) -> logger.debug("Changed: {}", change));
		}
		respond(exchange, 202, "{\"changes\":" + changes.changes().size() + ",\"volumes\":" + queued + "}");
	}

	private boolean authenticated(HttpExchange exchange) {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return this.token.matches(authorization.substring(7).strip());
		}
		String header = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
		if (header != null) {
			return this.token.matches(header.strip());
		}
		return this.token.matches(queryParameter(exchange.getRequestURI().getRawQuery(), "code"));
	}

	private static @Nullable String queryParameter(@Nullable String rawQuery, String name) {
		if (rawQuery == null) {
			return null;
		}
		for (String pair : rawQuery.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8).equals(name)) {
				return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	/** The body, or {@code null} when it is larger than the limit. */
	private byte @Nullable [] readBody(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readNBytes(this.maxBodyBytes + 1);
			return (body.length > this.maxBodyBytes) ? null : body;
		}
	}

	private void count(String format, String outcome) {
		Counter.builder("secrets_store_webhook_notifications")
			.description("Store change notifications received, by format and what came of them")
			.tag("format", format)
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

	private static String jsonSafe(String text) {
		StringBuilder safe = new StringBuilder();
		for (char c : Untrusted.bound(text, 200).toCharArray()) {
			if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.') {
				safe.append(c);
			}
		}
		return safe.toString();
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public int getPhase() {
		// after rotation is wired and the CSI socket is up
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

}
