package dev.secretsstore.driver.actuator.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.web.WebOperationRequestPredicate;
import org.springframework.core.io.Resource;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Writes an operation's result as Spring MVC's endpoint mapping does: Actuator's own
 * response bodies with Actuator's JSON mapper, anything else with the application's, text
 * and bytes as they are, and the content type the client accepts among those the
 * operation produces.
 */
public final class ResponseWriter {

	private final JsonMapper endpointMapper;

	private final JsonMapper applicationMapper;

	public ResponseWriter(JsonMapper endpointMapper, JsonMapper applicationMapper) {
		this.endpointMapper = endpointMapper;
		this.applicationMapper = applicationMapper;
	}

	void write(HttpExchange exchange, WebOperationRequestPredicate predicate, List<String> accept, int status,
			@Nullable String contentType, @Nullable Object body) throws IOException {
		if (body == null) {
			status(exchange, status);
			return;
		}
		String type = (contentType != null) ? contentType : negotiate(predicate.getProduces(), accept);
		byte[] bytes;
		if (body instanceof byte[] raw) {
			bytes = raw;
		}
		else if (body instanceof CharSequence text) {
			bytes = text.toString().getBytes(StandardCharsets.UTF_8);
		}
		else if (body instanceof Resource resource) {
			try (InputStream in = resource.getInputStream()) {
				bytes = in.readAllBytes();
			}
		}
		else {
			JsonMapper mapper = (body instanceof OperationResponseBody) ? this.endpointMapper : this.applicationMapper;
			bytes = mapper.writeValueAsBytes(body);
		}
		send(exchange, status, type, bytes);
	}

	void status(HttpExchange exchange, int status) throws IOException {
		exchange.sendResponseHeaders(status, -1);
	}

	/**
	 * An error as Spring MVC reports a bad endpoint request: a JSON object naming the
	 * status and the reason.
	 */
	void error(HttpExchange exchange, int status, String message) throws IOException {
		byte[] body = this.applicationMapper.writeValueAsBytes(Map.of("status", status, "error", message));
		send(exchange, status, MimeTypeUtils.APPLICATION_JSON_VALUE, body);
	}

	/** The body's fields, or {@code null} when it is not a JSON object. */
	@Nullable Map<String, Object> readJsonObject(byte[] body) {
		try {
			return this.applicationMapper.readValue(body, new TypeReference<Map<String, Object>>() {
			});
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		boolean head = exchange.getRequestMethod().equals("HEAD");
		exchange.sendResponseHeaders(status, head ? -1 : ((body.length == 0) ? -1 : body.length));
		if (!head && body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	/**
	 * The first produced type that the client accepts, in the client's order of
	 * preference; the operation's first when the client accepts anything or says nothing.
	 */
	static String negotiate(Collection<String> produces, List<String> acceptHeaders) {
		List<MimeType> produced = produces.stream().map(MimeTypeUtils::parseMimeType).toList();
		String fallback = produced.isEmpty() ? MimeTypeUtils.APPLICATION_JSON_VALUE : produced.get(0).toString();
		if (acceptHeaders.isEmpty()) {
			return fallback;
		}
		List<MimeType> accepted = MimeTypeUtils.parseMimeTypes(String.join(",", acceptHeaders));
		MimeTypeUtils.sortBySpecificity(accepted);
		for (MimeType wanted : accepted) {
			for (MimeType offer : produced) {
				if (wanted.includes(offer)) {
					return offer.toString();
				}
			}
		}
		return fallback;
	}

}
