package dev.secretsstore.driver.sync;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers {@link SecretSync} as a mounted-content listener in cluster mode, unless
 * {@code secrets-store.sync.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "secrets-store.standalone.enabled", havingValue = false, matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "secrets-store.sync.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SyncProperties.class)
class SyncConfiguration {

	@Bean
	SecretSync secretSync(ApiClient kubernetesApiClient) {
		return new SecretSync(new SecretWriter(new CoreV1Api(kubernetesApiClient)), new SyncFailures());
	}

}
