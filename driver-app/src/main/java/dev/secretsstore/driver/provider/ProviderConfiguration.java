package dev.secretsstore.driver.provider;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.plugin.PluginClientOptions;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.common.retry.configuration.RetryConfigCustomizer;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/**
 * The provider registry (in-process {@link SecretProvider} beans, then plugin sockets in
 * the configured folders), the resilience every call goes through (deadline, circuit
 * breaker and retries per provider name, from resilience4j's auto-configured registries:
 * their defaults are in {@code application.properties} under
 * {@code resilience4j.*.configs.default}, their state in
 * {@code /actuator/circuitbreakers}, {@code /actuator/retries} and the
 * {@code resilience4j_*} meters), and, with {@code --provider-health-check}, periodic
 * health checks of the plugins.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ProviderProperties.class, BudgetProperties.class })
class ProviderConfiguration {

	/** The name of resilience4j's config that instances without their own inherit. */
	private static final String DEFAULT_CONFIG = "default";

	@Bean(destroyMethod = "close")
	ProviderRegistry providerRegistry(ObjectProvider<SecretProvider> inProcess, ProviderProperties properties) {
		PluginClientOptions options = PluginClientOptions.defaults()
			.withCallTimeout(properties.callTimeout())
			.withMaxCallRecvMsgSize(Math.toIntExact(properties.maxCallRecvMsgSize()));
		return new ProviderRegistry(inProcess.orderedStream().toList(), properties.socketFolders(), options);
	}

	/**
	 * Retries wait as the store's Retry-After asks, else back off from
	 * {@code secrets-store.provider.retry-backoff}: resilience4j's interval properties
	 * cannot read a Retry-After.
	 */
	@Bean
	RetryConfigCustomizer providerRetryBackoff(ProviderProperties properties) {
		return RetryConfigCustomizer.of(DEFAULT_CONFIG,
				(retry) -> retry.intervalBiFunction(new RetryAfterBackoff(properties.retryBackoff())));
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
	StoreBudgets storeBudgets(BudgetProperties properties, MeterRegistry meters) {
		return new StoreBudgets(properties, Clock.systemUTC(), meters);
	}

	@Bean
	ProviderCalls providerCalls(CircuitBreakerRegistry breakers, RetryRegistry retries, TimeLimiterRegistry deadlines,
			ExecutorService providerWorkers, StoreBudgets storeBudgets, MeterRegistry meters) {
		return new ProviderCalls(breakers, retries, deadlines, providerWorkers, storeBudgets, meters);
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
