package dev.secretsstore.driver.provider;

import java.time.Instant;

import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.plugin.PluginClientOptions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/**
 * The provider registry: in-process {@link SecretProvider} beans, then plugin sockets in the configured folders;
 * and, with {@code --provider-health-check}, periodic health checks of the plugins.
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
	@ConditionalOnBooleanProperty("secrets-store.provider.health-check.enabled")
	ProviderHealth providersHealthIndicator(ProviderRegistry registry, ProviderProperties properties,
			TaskScheduler scheduler) {
		ProviderHealth health = new ProviderHealth(registry);
		scheduler.scheduleWithFixedDelay(health::checkAll, Instant.now(), properties.healthCheck().interval());
		return health;
	}

}
