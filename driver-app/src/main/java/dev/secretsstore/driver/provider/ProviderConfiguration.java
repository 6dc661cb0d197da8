package dev.secretsstore.driver.provider;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.plugin.PluginClientOptions;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/**
 * The provider registry (in-process {@link SecretProvider} beans, then plugin sockets in the configured folders),
 * the resilience every call goes through (deadline, circuit breaker and retries per provider name; their state is
 * in {@code /actuator/circuitbreakers} and {@code /actuator/retries}), and, with {@code --provider-health-check},
 * periodic health checks of the plugins.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProviderProperties.class)
class ProviderConfiguration {

	@Bean(destroyMethod = "close")
	ProviderRegistry providerRegistry(ObjectProvider<SecretProvider> inProcess, ProviderProperties properties) {
		PluginClientOptions options = PluginClientOptions.defaults()
			.withCallTimeout(properties.callTimeout())
			.withMaxCallRecvMsgSize(Math.toIntExact(properties.maxCallRecvMsgSize()));
		return new ProviderRegistry(inProcess.orderedStream().toList(), properties.socketFolders(), options);
	}

	@Bean
	CircuitBreakerRegistry providerCircuitBreakers() {
		return CircuitBreakerRegistry.of(ProviderCalls.circuitBreakerConfig());
	}

	@Bean
	RetryRegistry providerRetries(ProviderProperties properties) {
		return RetryRegistry.of(ProviderCalls.retryConfig(properties.retryAttempts(), properties.retryBackoff()));
	}

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService providerWorkers() {
		AtomicInteger count = new AtomicInteger();
		return Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "provider-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@Bean
	ProviderCalls providerCalls(CircuitBreakerRegistry providerCircuitBreakers, RetryRegistry providerRetries,
			ExecutorService providerWorkers, ProviderProperties properties, MeterRegistry meters) {
		return new ProviderCalls(providerCircuitBreakers, providerRetries, providerWorkers, properties.callTimeout(),
				meters);
	}

	@Bean
	@ConditionalOnBooleanProperty("secrets-store.provider.health-check.enabled")
	ProviderHealth providersHealthIndicator(ProviderRegistry registry, ProviderProperties properties,
			TaskScheduler scheduler) {
		ProviderHealth health = new ProviderHealth(registry);
		scheduler.scheduleWithFixedDelay(health::checkAll, Instant.now(), properties.healthCheck().interval());
		return health;
	}

}
