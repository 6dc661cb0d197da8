package dev.secretsstore.driver.kubernetes.events;

import dev.secretsstore.driver.mode.ConditionalOnClusterMode;
import java.time.Clock;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Cluster mode: rotation outcomes as Events on the Pod, unless
 * {@code secrets-store.events.enabled} is false.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClusterMode
@ConditionalOnBooleanProperty(name = "secrets-store.events.enabled", matchIfMissing = true)
class EventsConfiguration {

	@Bean
	PodEvents podEvents(ApiClient kubernetesApiClient) {
		return new PodEvents(new CoreV1Api(kubernetesApiClient), RotationEventRecorder.COMPONENT, Clock.systemUTC());
	}

	@Bean
	RotationEventRecorder rotationEventRecorder(PodEvents podEvents) {
		return new RotationEventRecorder(podEvents);
	}

	@Bean
	@ConditionalOnBooleanProperty("secrets-store.restart.enabled")
	RestartEventRecorder restartEventRecorder(PodEvents podEvents) {
		return new RestartEventRecorder(podEvents);
	}

	@Bean
	@ConditionalOnBooleanProperty("secrets-store.reload.enabled")
	ReloadEventRecorder reloadEventRecorder(PodEvents podEvents) {
		return new ReloadEventRecorder(podEvents);
	}

}
