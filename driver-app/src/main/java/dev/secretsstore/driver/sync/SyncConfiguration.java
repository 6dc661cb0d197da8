package dev.secretsstore.driver.sync;

import java.time.Clock;
import java.util.function.BiConsumer;

import dev.secretsstore.driver.events.EventType;
import dev.secretsstore.driver.events.PodEvents;
import dev.secretsstore.driver.status.MountedVolume;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

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
	SecretSync secretSync(ApiClient kubernetesApiClient, Environment environment) {
		CoreV1Api api = new CoreV1Api(kubernetesApiClient);
		BiConsumer<MountedVolume, String> failureEvents = (volume, message) -> {
		};
		if (environment.getProperty("secrets-store.events.enabled", Boolean.class, true)) {
			// the Go driver's Secret controller raises these, under its own component name
			PodEvents events = new PodEvents(api, "csi-secrets-store-controller", Clock.systemUTC());
			failureEvents = (volume, message) -> events.record(volume.pod().namespace(), volume.pod().name(),
					volume.pod().uid(), EventType.WARNING, "FailedToCreateSecret", message);
		}
		return new SecretSync(new SecretWriter(api), new SyncFailures(), failureEvents);
	}

}
