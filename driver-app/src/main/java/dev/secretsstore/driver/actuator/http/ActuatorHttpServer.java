package dev.secretsstore.driver.actuator.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import dev.secretsstore.driver.http.BoundedHttpServer;
import dev.secretsstore.driver.http.QueryParameters;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.ProducibleOperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointHttpMethod;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebOperationRequestPredicate;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.context.SmartLifecycle;

/**
 * Serves Actuator's web endpoints (and the Go driver's {@code /metrics}) on the JDK's
 * built-in HTTP server. A node driver needs a handful of small HTTP requests a minute: a
 * servlet container and Spring MVC for them cost about 1,500 classes and 20 MiB on every
 * node, so the operations Actuator discovers are invoked here directly, with the same
 * arguments, status codes and content negotiation as Spring MVC's endpoint mapping.
 */
public final class ActuatorHttpServer implements SmartLifecycle {

	/** What {@code GET /actuator} produces: the links to the endpoints. */
	private static final WebOperationRequestPredicate LINKS = new WebOperationRequestPredicate("",
			WebEndpointHttpMethod.GET, List.of(), EndpointMediaTypes.DEFAULT.getProduced());

	private static final Log logger = LogFactory.getLog(ActuatorHttpServer.class);

	/**
	 * Largest request body read: the driver's write operations take a few short fields.
	 */
	static final int MAX_BODY_BYTES = 64 * 1024;

	private final List<OperationRoute> routes;

	private final Map<String, String> aliases;

	private final String basePath;

	private final EndpointLinksResolver links;

	private final ResponseWriter responses;

	private final Consumer<Integer> portListener;

	private final WriteAuthorizer writeAuthorizer;

	private final BoundedHttpServer server;

	/**
	 * @param basePath where the endpoints are, {@code /actuator} by default
	 * @param aliases request paths served as other paths ({@code /metrics} as
	 * {@code /actuator/prometheus})
	 * @param portListener told the bound port once the server listens
	 * @param writeAuthorizer decides whether a request other than GET may invoke its
	 * operation
	 */
	public ActuatorHttpServer(InetSocketAddress address, String basePath, List<ExposableWebEndpoint> endpoints,
			Map<String, String> aliases, ResponseWriter responses, Consumer<Integer> portListener,
			WriteAuthorizer writeAuthorizer) {
		this.routes = endpoints.stream()
			.flatMap((endpoint) -> endpoint.getOperations().stream())
			.map((operation) -> OperationRoute.of(basePath, operation))
			.sorted(Comparator.comparingInt(OperationRoute::variableCount))
			.toList();
		this.aliases = Map.copyOf(aliases);
		this.basePath = basePath;
		this.links = new EndpointLinksResolver(endpoints, basePath);
		this.responses = responses;
		this.portListener = portListener;
		this.writeAuthorizer = writeAuthorizer;
		// four threads: scrapes and reads are quick, and a write waits for its review
		this.server = new BoundedHttpServer("actuator-http", address, 4, 64, this::handle);
	}

	@Override
	public void start() {
		int port = this.server.start();
		this.portListener.accept(port);
		logger.info("Actuator and /metrics served on port " + port);
	}

	@Override
	public void stop() {
		// lets a scrape or rotation request under way finish, as server.shutdown=graceful
		// did
		this.server.stop();
	}

	@Override
	public boolean isRunning() {
		return this.server.isRunning();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getRawPath();
			path = this.aliases.getOrDefault(path, path);
			List<String> segments = Arrays.stream(path.split("/"))
				.filter((segment) -> !segment.isEmpty())
				.map((segment) -> URLDecoder.decode(segment, StandardCharsets.UTF_8))
				.toList();
			WebEndpointHttpMethod method = httpMethod(exchange.getRequestMethod());
			if (method == WebEndpointHttpMethod.GET
					&& (path.equals(this.basePath) || path.equals(this.basePath + "/"))) {
				String self = "http://" + exchange.getRequestHeaders().getFirst("Host") + this.basePath;
				this.responses.write(exchange, LINKS, List.of(), 200, null,
						Map.of("_links", this.links.resolveLinks(self)));
				return;
			}
			boolean pathKnown = false;
			for (OperationRoute route : this.routes) {
				Map<String, Object> variables = route.match(segments);
				if (variables == null) {
					continue;
				}
				pathKnown = true;
				if (route.predicate().getHttpMethod() == method) {
					if (method == WebEndpointHttpMethod.GET || authorized(exchange)) {
						invoke(route, variables, exchange);
					}
					return;
				}
			}
			this.responses.status(exchange, pathKnown ? 405 : 404);
		}
		catch (RuntimeException ex) {
			logger.warn("Actuator request " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
					+ " failed: " + ex.getMessage());
			this.responses.status(exchange, 500);
		}
	}

	/**
	 * Whether the write may go ahead; when not, answers the refusal, and the operation is
	 * not invoked nor its body read.
	 */
	private boolean authorized(HttpExchange exchange) throws IOException {
		WriteRequest request = new WriteRequest(exchange.getRequestMethod().toLowerCase(Locale.ROOT),
				reviewedPath(exchange.getRequestURI().getRawPath()), exchange.getRemoteAddress().getAddress(),
				bearerToken(exchange.getRequestHeaders().getFirst("Authorization")));
		WriteDecision decision = this.writeAuthorizer.authorize(request);
		if (decision.isAllowed()) {
			logger.info(exchange.getRequestMethod() + " " + request.path() + " by " + decision.detail() + " from "
					+ request.client().getHostAddress());
			return true;
		}
		logger.warn("Refused " + request + " (" + decision.status() + "): " + decision.detail());
		if (decision.status() == 401) {
			exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
		}
		this.responses.error(exchange, decision.status(), decision.detail());
		return false;
	}

	/**
	 * The path a write is authorized for: the request's, without empty segments, still
	 * percent-encoded, so that {@code //actuator/rotations/} is reviewed as the
	 * {@code /actuator/rotations} it invokes.
	 */
	static String reviewedPath(String rawPath) {
		return "/" + Arrays.stream(rawPath.split("/"))
			.filter((segment) -> !segment.isEmpty())
			.collect(Collectors.joining("/"));
	}

	/**
	 * The token of an {@code Authorization: Bearer <token>} header; null for none or
	 * another scheme.
	 */
	static @Nullable String bearerToken(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String token = authorization.substring(7).strip();
		return token.isEmpty() ? null : token;
	}

	private void invoke(OperationRoute route, Map<String, Object> variables, HttpExchange exchange) throws IOException {
		Map<String, Object> arguments = new LinkedHashMap<>(variables);
		if (route.predicate().getHttpMethod() == WebEndpointHttpMethod.POST) {
			byte[] body = BoundedHttpServer.readBody(exchange, MAX_BODY_BYTES);
			if (body == null) {
				this.responses.error(exchange, 413, "the request body is over " + MAX_BODY_BYTES + " bytes");
				return;
			}
			if (body.length > 0) {
				Map<String, Object> fields = this.responses.readJsonObject(body);
				if (fields == null) {
					this.responses.error(exchange, 400, "the request body is not a JSON object");
					return;
				}
				arguments.putAll(fields);
			}
		}
		arguments.putAll(queryParameters(exchange.getRequestURI().getRawQuery()));
		List<String> accept = exchange.getRequestHeaders().getOrDefault("Accept", List.of());
		InvocationContext context = new InvocationContext(SecurityContext.NONE, arguments,
				OperationArgumentResolver.of(WebServerNamespace.class, () -> WebServerNamespace.SERVER),
				new ProducibleOperationArgumentResolver(() -> accept));
		Object result;
		try {
			result = route.operation().invoke(context);
		}
		catch (InvalidEndpointRequestException ex) {
			this.responses.error(exchange, 400, ex.getReason());
			return;
		}
		if (result == null) {
			this.responses.status(exchange,
					(route.predicate().getHttpMethod() != WebEndpointHttpMethod.GET) ? 204 : 404);
		}
		else if (result instanceof WebEndpointResponse<?> response) {
			this.responses.write(exchange, route.predicate(), accept, response.getStatus(),
					(response.getContentType() != null) ? response.getContentType().toString() : null,
					response.getBody());
		}
		else {
			this.responses.write(exchange, route.predicate(), accept, 200, null, result);
		}
	}

	private static @Nullable WebEndpointHttpMethod httpMethod(String name) {
		return switch (name) {
			case "GET", "HEAD" -> WebEndpointHttpMethod.GET;
			case "POST" -> WebEndpointHttpMethod.POST;
			case "DELETE" -> WebEndpointHttpMethod.DELETE;
			default -> null;
		};
	}

	/**
	 * Query parameters as Spring MVC passes them: one value as a string, several as a
	 * list.
	 */
	static Map<String, Object> queryParameters(@Nullable String rawQuery) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		QueryParameters.parse(rawQuery)
			.forEach((name, values) -> parameters.put(name, (values.size() == 1) ? values.get(0) : values));
		return parameters;
	}

	@Override
	public int getPhase() {
		// after the CSI socket and the watches are up, as the embedded web server did
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

}
