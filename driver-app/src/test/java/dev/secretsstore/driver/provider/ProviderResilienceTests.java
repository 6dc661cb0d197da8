package dev.secretsstore.driver.provider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.testing.StandaloneApplication;
import dev.secretsstore.provider.RetryableProviderException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resilience of provider calls as the application wires it: resilience4j's
 * auto-configured registries with the shipped defaults, the driver's own properties
 * carried into them, per-provider tuning through resilience4j's properties, and the
 * breaker, retry and time limiter meters in Prometheus.
 */
class ProviderResilienceTests {

	private Path root;

	private ConfigurableApplicationContext application;

	@BeforeEach
	void createRoot() throws IOException {
		this.root = StandaloneApplication.createRoot("resilience");
		Files.writeString(this.root.resolve("secrets/password"), "p4ss");
		StandaloneApplication.writeLocalClass(this.root, "app", "password");
	}

	@AfterEach
	void stop() throws IOException {
		if (this.application != null) {
			this.application.close();
		}
		StandaloneApplication.unmountAndDelete(this.root);
	}

	@Test
	void everyProviderInheritsTheShippedDefaultsAndTheDriversOwnProperties() {
		this.application = StandaloneApplication.start(this.root,
				Map.of("secrets-store.provider.call-timeout", "7s", "secrets-store.provider.retry-attempts", "5"));

		CircuitBreakerConfig breaker = this.application.getBean(CircuitBreakerRegistry.class)
			.circuitBreaker("vault")
			.getCircuitBreakerConfig();
		assertThat(breaker.getSlidingWindowSize()).isEqualTo(10);
		assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(5);
		assertThat(breaker.getFailureRateThreshold()).isEqualTo(50);
		assertThat(breaker.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(2);
		assertThat(breaker.getRecordExceptionPredicate().test(new RetryableProviderException("", "throttled")))
			.isTrue();
		assertThat(breaker.getRecordExceptionPredicate().test(new IllegalArgumentException("final"))).isFalse();
		var retry = this.application.getBean(RetryRegistry.class).retry("vault").getRetryConfig();
		assertThat(retry.getMaxAttempts()).isEqualTo(5);
		assertThat(retry.getIntervalBiFunction()).isInstanceOf(RetryAfterBackoff.class);
		assertThat(this.application.getBean(TimeLimiterRegistry.class)
			.timeLimiter("vault")
			.getTimeLimiterConfig()
			.getTimeoutDuration()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void oneProviderIsTunedUnderResilience4jsOwnProperties() {
		this.application = StandaloneApplication.start(this.root,
				Map.of("resilience4j.circuitbreaker.instances.azure.minimum-number-of-calls", "20",
						"resilience4j.timelimiter.instances.azure.timeout-duration", "3s",
						"resilience4j.retry.instances.azure.max-attempts", "6"));

		CircuitBreakerRegistry breakers = this.application.getBean(CircuitBreakerRegistry.class);
		assertThat(breakers.circuitBreaker("azure").getCircuitBreakerConfig().getMinimumNumberOfCalls()).isEqualTo(20);
		assertThat(breakers.circuitBreaker("azure").getCircuitBreakerConfig().getSlidingWindowSize())
			.as("the rest inherited")
			.isEqualTo(10);
		assertThat(breakers.circuitBreaker("vault").getCircuitBreakerConfig().getMinimumNumberOfCalls()).isEqualTo(5);
		assertThat(this.application.getBean(TimeLimiterRegistry.class)
			.timeLimiter("azure")
			.getTimeLimiterConfig()
			.getTimeoutDuration()).isEqualTo(Duration.ofSeconds(3));
		var retry = this.application.getBean(RetryRegistry.class).retry("azure").getRetryConfig();
		assertThat(retry.getMaxAttempts()).isEqualTo(6);
		assertThat(retry.getIntervalBiFunction()).as("still waits for Retry-After")
			.isInstanceOf(RetryAfterBackoff.class);
	}

	@Test
	void theBreakerRetryAndDeadlineOfAProviderAreScrapedFromPrometheus() throws Exception {
		this.application = StandaloneApplication.start(this.root, Map.of());
		try (KubeletClient kubelet = new KubeletClient(this.root.resolve("csi.sock"), this.root.resolve("kubelet"))) {
			kubelet.publish(PodVolume.of("default", "web-0", "secrets", "app"), Map.of());
		}

		String scraped = get("/actuator/prometheus");

		assertThat(scraped).contains("resilience4j_circuitbreaker_state{name=\"local\",state=\"closed\"} 1.0",
				"resilience4j_circuitbreaker_calls_seconds_count{kind=\"successful\",name=\"local\"} 1",
				"resilience4j_retry_calls_total{kind=\"successful_without_retry\",name=\"local\"} 1.0",
				"resilience4j_timelimiter_calls_total{kind=\"successful\",name=\"local\"} 1.0");
		assertThat(get("/metrics")).as("also at the Go driver's path").contains("resilience4j_circuitbreaker_state");
	}

	@Test
	void eachStoresRequestBudgetIsShownAndCounted() throws Exception {
		this.application = StandaloneApplication.start(this.root, Map.of());
		try (KubeletClient kubelet = new KubeletClient(this.root.resolve("csi.sock"), this.root.resolve("kubelet"))) {
			kubelet.publish(PodVolume.of("default", "web-0", "secrets", "app"), Map.of());
		}

		assertThat(get("/actuator/secretproviders")).as("local reads node files: no limit")
			.contains("\"budgets\":[{\"provider\":\"local\",\"store\":\"\",\"rate\":0.0,\"effectiveRate\":0.0,"
					+ "\"burst\":100.0,\"available\":100.0,\"waitingRotations\":0}]");
		assertThat(get("/actuator/prometheus"))
			.contains("secrets_store_store_requests_total{provider=\"local\",store=\"\"} 1.0");
		BudgetProperties budgets = this.application.getBean(BudgetProperties.class);
		assertThat(budgets.limitOf("azure")).isEqualTo(new BudgetProperties.Limit(100.0, 200.0));
		assertThat(budgets.limitOf("aws")).isEqualTo(new BudgetProperties.Limit(20.0, 40.0));
		assertThat(budgets.limitOf("vault")).as("the defaults").isEqualTo(new BudgetProperties.Limit(50.0, 100.0));
	}

	private String get(String path) throws IOException, InterruptedException {
		String port = this.application.getEnvironment().getProperty("local.server.port");
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
