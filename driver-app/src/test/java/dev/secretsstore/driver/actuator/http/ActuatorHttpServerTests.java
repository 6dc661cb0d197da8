package dev.secretsstore.driver.actuator.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

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

/**
 * {@link ActuatorHttpServer} over real HTTP, with an endpoint discovered by Actuator as in the application: the
 * answers Spring MVC's endpoint mapping gives for the same requests.
 */
class ActuatorHttpServerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, JacksonEndpointAutoConfiguration.class))
		.withUserConfiguration(ActuatorHttpConfiguration.class, ThingsConfiguration.class)
		.withPropertyValues("server.address=127.0.0.1", "server.port=0",
				"management.endpoints.web.exposure.include=things");

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
			assertThat(send(port, HttpRequest.newBuilder(uri(port, "/actuator/things/one"))
				.method("PUT", BodyPublishers.noBody())).statusCode()).isEqualTo(405);
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
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
					JacksonEndpointAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
					HealthEndpointAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
					AvailabilityProbesAutoConfiguration.class))
			.withUserConfiguration(ActuatorHttpConfiguration.class)
			.withBean("store", HealthIndicator.class, () -> () -> Health.down().withDetail("store", "gone").build())
			.withPropertyValues("server.address=127.0.0.1", "server.port=0",
					"management.endpoints.web.exposure.include=health", "management.endpoint.health.probes.enabled=true",
					"management.endpoint.health.show-components=always")
			.run((context) -> {
				int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
				HttpResponse<String> health = get(port, "/actuator/health", null);
				assertThat(health.statusCode()).isEqualTo(503);
				assertThat(health.body()).contains("\"status\":\"DOWN\"");
				assertThat(get(port, "/actuator/health/store", null).statusCode()).isEqualTo(503);
				// the liveness group holds the application's liveness state, not the failing store
				AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
				assertThat(get(port, "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
			});
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
		return send(port, HttpRequest.newBuilder(uri(port, path))
			.POST(BodyPublishers.ofString(body))
			.header("Content-Type", "application/json"));
	}

	private HttpResponse<String> send(int port, HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
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
