package dev.secretsstore.driver.actuator.http;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link ActuatorHttpServer} over real HTTP, with an endpoint discovered by Actuator as
 * in the application: the answers Spring MVC's endpoint mapping gives for the same
 * requests.
 */
class ActuatorHttpServerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(EndpointAutoConfiguration.class, JacksonEndpointAutoConfiguration.class))
		.withUserConfiguration(ActuatorHttpConfiguration.class, ThingsConfiguration.class)
		.withPropertyValues("server.address=127.0.0.1", "server.port=0",
				"management.endpoints.web.exposure.include=things", "secrets-store.standalone.enabled=true");

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void readsWithSelectorsAndNegotiatesTheContentType() {
		this.runner.run((context) -> {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			HttpResponse<String> all = get(port, "/actuator/things", null);
			assertThat(all.statusCode()).isEqualTo(200);
			assertThat(all.body()).isEqualTo("{\"names\":[\"one\"]}");
			assertThat(all.headers().firstValue("Content-Type"))
				.hasValue("application/vnd.spring-boot.actuator.v3+json");
			assertThat(get(port, "/actuator/things", "application/json").headers().firstValue("Content-Type"))
				.hasValue("application/json");
			HttpResponse<String> one = get(port, "/actuator/things/one", null);
			assertThat(one.statusCode()).isEqualTo(200);
			assertThat(one.body()).isEqualTo("thing one");
			assertThat(get(port, "/actuator/things/two", null).statusCode()).isEqualTo(404);
			assertThat(get(port, "/actuator/things/a%20b", null).body()).isEqualTo("thing a b");
		});
	}

	@Test
	void writesTakeTheirArgumentsFromAJsonBodyOrTheQuery() {
		this.runner.run((context) -> {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			HttpResponse<String> body = post(port, "/actuator/things", "{\"name\":\"two\"}");
			assertThat(body.statusCode()).isEqualTo(200);
			assertThat(body.body()).isEqualTo("{\"added\":\"two\"}");
			assertThat(post(port, "/actuator/things?name=three", "").body()).isEqualTo("{\"added\":\"three\"}");
		});
	}

	@Test
	void badRequestsAreRefusedWithTheirStatusAndInvokeNothing() {
		this.runner.run((context) -> {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			ThingsEndpoint things = context.getBean(ThingsEndpoint.class);
			HttpResponse<String> missing = post(port, "/actuator/things", "{}");
			assertThat(missing.statusCode()).isEqualTo(400);
			assertThat(missing.body()).contains("Missing parameters: name");
			assertThat(post(port, "/actuator/things", "not json").statusCode()).isEqualTo(400);
			assertThat(post(port, "/actuator/things", "[1]").statusCode()).isEqualTo(400);
			String large = "{\"name\":\"" + "x".repeat(ActuatorHttpServer.MAX_BODY_BYTES) + "\"}";
			assertThat(post(port, "/actuator/things", large).statusCode()).isEqualTo(413);
			assertThat(things.writes).isZero();
			assertThat(send(port,
					HttpRequest.newBuilder(uri(port, "/actuator/things/one")).method("PUT", BodyPublishers.noBody()))
				.statusCode()).isEqualTo(405);
			assertThat(get(port, "/nothing", null).statusCode()).isEqualTo(404);
			assertThat(get(port, "/actuator/health", null).statusCode()).isEqualTo(404);
		});
	}

	@Test
	void deleteWithoutResultAnswersNoContent() {
		this.runner.run((context) -> {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			assertThat(send(port, HttpRequest.newBuilder(uri(port, "/actuator/things/one")).DELETE()).statusCode())
				.isEqualTo(204);
		});
	}

	@Test
	void theBasePathLinksTheExposedEndpoints() {
		this.runner.run((context) -> {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			HttpResponse<String> links = get(port, "/actuator", null);
			assertThat(links.statusCode()).isEqualTo(200);
			assertThat(links.body()).contains("\"things\":{\"href\":\"http://127.0.0.1:" + port + "/actuator/things\"");
		});
	}

	@Test
	void healthAnswersWithTheStatusCodeOfItsStateAsProbesNeed() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(EndpointAutoConfiguration.class, JacksonEndpointAutoConfiguration.class,
							HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
							ApplicationAvailabilityAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class))
			.withUserConfiguration(ActuatorHttpConfiguration.class)
			.withBean("store", HealthIndicator.class, () -> () -> Health.down().withDetail("store", "gone").build())
			.withPropertyValues("server.address=127.0.0.1", "server.port=0",
					"management.endpoints.web.exposure.include=health",
					"management.endpoint.health.probes.enabled=true",
					"management.endpoint.health.show-components=always", "secrets-store.standalone.enabled=true")
			.run((context) -> {
				int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
				HttpResponse<String> health = get(port, "/actuator/health", null);
				assertThat(health.statusCode()).isEqualTo(503);
				assertThat(health.body()).contains("\"status\":\"DOWN\"");
				assertThat(get(port, "/actuator/health/store", null).statusCode()).isEqualTo(503);
				// the liveness group holds the application's liveness state, not the
				// failing store
				AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
				assertThat(get(port, "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
			});
	}

	@Test
	void writesGoAheadOnlyWithTheAuthorizersConsentAndARefusalInvokesNothing() {
		RecordingAuthorizer authorizer = new RecordingAuthorizer();
		this.runner.withPropertyValues("secrets-store.standalone.enabled=false")
			.withBean(WriteAuthorizer.class, () -> authorizer)
			.run((context) -> {
				int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
				ThingsEndpoint things = context.getBean(ThingsEndpoint.class);

				authorizer.answer = WriteDecision.unauthenticated("a bearer token is required");
				HttpResponse<String> anonymous = post(port, "/actuator/things", "{\"name\":\"two\"}", null);
				assertThat(anonymous.statusCode()).isEqualTo(401);
				assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
				assertThat(anonymous.body()).contains("\"status\":401", "\"error\":\"a bearer token is required\"");
				assertThat(authorizer.seen.toString())
					.isEqualTo("post /actuator/things from 127.0.0.1 without credentials");

				authorizer.answer = WriteDecision.forbidden("user \"jane\" may not post /actuator/things");
				HttpResponse<String> refused = post(port, "/actuator/things", "{\"name\":\"two\"}", "Bearer s3cr3t");
				assertThat(refused.statusCode()).isEqualTo(403);
				assertThat(refused.body()).contains("may not post").doesNotContain("s3cr3t");
				assertThat(refused.headers().firstValue("WWW-Authenticate")).isEmpty();
				assertThat(authorizer.seen.bearerToken()).isEqualTo("s3cr3t");

				authorizer.answer = WriteDecision.unavailable("the API server cannot be reached");
				assertThat(post(port, "/actuator/things", "{\"name\":\"two\"}", "Bearer s3cr3t").statusCode())
					.isEqualTo(503);
				assertThat(send(port, HttpRequest.newBuilder(uri(port, "/actuator/things/one")).DELETE()).statusCode())
					.isEqualTo(503);
				assertThat(authorizer.seen.verb()).isEqualTo("delete");
				assertThat(authorizer.seen.path()).isEqualTo("/actuator/things/one");
				assertThat(things.writes).isZero();

				// reads need no consent, and do not ask for it
				authorizer.seen = null;
				assertThat(get(port, "/actuator/things", null).statusCode()).isEqualTo(200);
				assertThat(authorizer.seen).isNull();

				authorizer.answer = WriteDecision.allowed("jane");
				HttpResponse<String> allowed = post(port, "/actuator/things", "{\"name\":\"two\"}", "bearer s3cr3t");
				assertThat(allowed.statusCode()).isEqualTo(200);
				assertThat(allowed.body()).isEqualTo("{\"added\":\"two\"}");
				assertThat(things.writes).isOne();
			});
	}

	@Test
	void withoutAWriteAuthorizerTheServerDoesNotStart() {
		this.runner.withPropertyValues("secrets-store.standalone.enabled=false")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining(WriteAuthorizer.class.getName()));
	}

	@Test
	void standaloneTakesWritesFromLoopbackAndFromElsewhereOnlyWithTheManagementToken(@TempDir Path folder)
			throws Exception {
		InetAddress external = externalAddress();
		Path tokenFile = Files.writeString(folder.resolve("token"), "t0ken-1\n");
		this.runner.withPropertyValues("server.address=0.0.0.0", "secrets-store.management.token-file=" + tokenFile)
			.run((context) -> {
				int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
				ThingsEndpoint things = context.getBean(ThingsEndpoint.class);
				URI remote = URI.create("http://" + external.getHostAddress() + ":" + port + "/actuator/things");

				assertThat(post(remote, null).statusCode()).isEqualTo(401);
				HttpResponse<String> wrong = post(remote, "Bearer t0ken-2");
				assertThat(wrong.statusCode()).isEqualTo(401);
				assertThat(wrong.body()).contains("the bearer token is not valid").doesNotContain("t0ken");
				assertThat(things.writes).isZero();
				assertThat(post(remote, "Bearer t0ken-1").statusCode()).isEqualTo(200);
				assertThat(post(port, "/actuator/things", "{\"name\":\"two\"}", null).statusCode()).isEqualTo(200);
				assertThat(things.writes).isEqualTo(2);

				// the file is read at each write: a new token applies at once, and the
				// old one no longer
				Files.writeString(tokenFile, "t0ken-2");
				assertThat(post(remote, "Bearer t0ken-1").statusCode()).isEqualTo(401);
				assertThat(post(remote, "Bearer t0ken-2").statusCode()).isEqualTo(200);
				assertThat(get(port, "/actuator/things", null).statusCode()).isEqualTo(200);
			});
		this.runner.withPropertyValues("server.address=0.0.0.0").run((context) -> {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			URI remote = URI.create("http://" + external.getHostAddress() + ":" + port + "/actuator/things");
			HttpResponse<String> refused = post(remote, "Bearer anything");
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.body()).contains("writes are accepted from loopback only");
			assertThat(HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(remote).build(), BodyHandlers.ofString())
				.statusCode()).isEqualTo(200);
		});
	}

	@Test
	void theReviewedPathIsTheRequestPathWithoutEmptySegments() {
		assertThat(ActuatorHttpServer.reviewedPath("/actuator/rotations")).isEqualTo("/actuator/rotations");
		assertThat(ActuatorHttpServer.reviewedPath("//actuator//rotations/")).isEqualTo("/actuator/rotations");
		assertThat(ActuatorHttpServer.reviewedPath("/actuator/loggers/a%2Fb")).isEqualTo("/actuator/loggers/a%2Fb");
	}

	@Test
	void theBearerTokenIsTheRestOfTheAuthorizationHeader() {
		assertThat(ActuatorHttpServer.bearerToken("Bearer abc.def")).isEqualTo("abc.def");
		assertThat(ActuatorHttpServer.bearerToken("bearer  abc ")).isEqualTo("abc");
		assertThat(ActuatorHttpServer.bearerToken("Basic YWxhZGRpbg==")).isNull();
		assertThat(ActuatorHttpServer.bearerToken("Bearer ")).isNull();
		assertThat(ActuatorHttpServer.bearerToken(null)).isNull();
	}

	@Test
	void queryParametersAreOneValueOrAList() {
		assertThat(ActuatorHttpServer.queryParameters("a=1&b=2&b=3&c&d=x%20y"))
			.isEqualTo(Map.of("a", "1", "b", java.util.List.of("2", "3"), "c", "", "d", "x y"));
		assertThat(ActuatorHttpServer.queryParameters(null)).isEmpty();
	}

	private HttpResponse<String> get(int port, String path, @Nullable String accept) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return send(port, request);
	}

	private HttpResponse<String> post(int port, String path, String body) throws Exception {
		return post(port, path, body, null);
	}

	private HttpResponse<String> post(int port, String path, String body, @Nullable String authorization)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path))
			.POST(BodyPublishers.ofString(body))
			.header("Content-Type", "application/json");
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(port, request);
	}

	private HttpResponse<String> post(URI uri, @Nullable String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.POST(BodyPublishers.ofString("{\"name\":\"remote\"}"))
			.header("Content-Type", "application/json");
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	/**
	 * An address of this machine that is not loopback, for a request that does not come
	 * from loopback.
	 */
	private static InetAddress externalAddress() throws Exception {
		InetAddress found = NetworkInterface.networkInterfaces().filter((network) -> {
			try {
				return network.isUp() && !network.isLoopback();
			}
			catch (java.net.SocketException ex) {
				return false;
			}
		})
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> address instanceof Inet4Address && !address.isLoopbackAddress())
			.findFirst()
			.orElse(null);
		assumeTrue(found != null, "this machine has no network address besides loopback");
		return found;
	}

	private HttpResponse<String> send(int port, HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	/** Answers what a test sets and keeps the last request it was asked about. */
	static final class RecordingAuthorizer implements WriteAuthorizer {

		volatile WriteDecision answer = WriteDecision.unauthenticated("nothing set");

		volatile @Nullable WriteRequest seen;

		@Override
		public WriteDecision authorize(WriteRequest request) {
			this.seen = request;
			return this.answer;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ThingsConfiguration {

		@Bean
		ThingsEndpoint thingsEndpoint() {
			return new ThingsEndpoint();
		}

	}

	@Endpoint(id = "things")
	static class ThingsEndpoint {

		int writes;

		@ReadOperation
		Map<String, Object> all() {
			return Map.of("names", java.util.List.of("one"));
		}

		@ReadOperation(produces = "text/plain")
		@Nullable String one(@Selector String name) {
			return name.equals("two") ? null : "thing " + name;
		}

		@WriteOperation
		Map<String, String> add(String name) {
			this.writes++;
			return Map.of("added", name);
		}

		@DeleteOperation
		void remove(@Selector String name) {
		}

	}

}
