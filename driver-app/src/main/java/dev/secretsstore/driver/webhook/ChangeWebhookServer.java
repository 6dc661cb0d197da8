package dev.secretsstore.driver.webhook;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;

import com.sun.net.httpserver.HttpExchange;
import dev.secretsstore.driver.http.BoundedHttpServer;
import dev.secretsstore.driver.http.QueryParameters;
import dev.secretsstore.driver.logging.Untrusted;
import dev.secretsstore.driver.webhook.ChangeNotifications.MalformedNotificationException;
import dev.secretsstore.driver.webhook.ChangeNotifications.Notification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

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

	private final WebhookToken token;

	private final int maxBodyBytes;

	private final ChangeNotifications notifications = new ChangeNotifications();

	private final StoreChangeRotations rotations;

	private final MeterRegistry meters;

	private final IntConsumer portListener;

	private final BoundedHttpServer server;

	ChangeWebhookServer(InetSocketAddress address, WebhookToken token, int maxBodyBytes, StoreChangeRotations rotations,
			MeterRegistry meters, IntConsumer portListener) {
		this.token = token;
		this.maxBodyBytes = maxBodyBytes;
		this.rotations = rotations;
		this.meters = meters;
		this.portListener = portListener;
		// two threads: a notification only queues rotations
		this.server = new BoundedHttpServer("change-webhook", address, 2, 32, this::handle);
	}

	@Override
	public void start() {
		int port = this.server.start();
		this.portListener.accept(port);
		logger.info("Change webhook served on port {} at {}", port, PATH);
	}

	@Override
	public void stop() {
		this.server.stop();
	}

	@Override
	public boolean isRunning() {
		return this.server.isRunning();
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
			byte[] body = BoundedHttpServer.readBody(exchange, this.maxBodyBytes);
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
		try {
			return this.token.matches(QueryParameters.first(exchange.getRequestURI().getRawQuery(), "code"));
		}
		catch (IllegalArgumentException ex) {
			// an undecodable code is no token
			return false;
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
