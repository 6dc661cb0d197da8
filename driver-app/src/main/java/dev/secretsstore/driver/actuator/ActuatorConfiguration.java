package dev.secretsstore.driver.actuator;

import dev.secretsstore.driver.provider.ProviderRegistry;
import dev.secretsstore.driver.provider.StoreBudgets;
import dev.secretsstore.driver.restart.RestartLog;
import dev.secretsstore.driver.rotation.RotationEvents;
import dev.secretsstore.driver.rotation.RotationReconciler;
import dev.secretsstore.driver.rotation.RotationService;
import dev.secretsstore.driver.volume.MountedVolumes;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The driver's Actuator endpoints.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorConfiguration {

	@Bean
	@ConditionalOnAvailableEndpoint
	SecretMountsEndpoint secretMountsEndpoint(MountedVolumes volumes, ObjectProvider<RotationReconciler> reconciler) {
		return new SecretMountsEndpoint(volumes, reconciler);
	}

	@Bean
	@ConditionalOnAvailableEndpoint
	SecretProvidersEndpoint secretProvidersEndpoint(ProviderRegistry registry, CircuitBreakerRegistry breakers,
			StoreBudgets budgets) {
		return new SecretProvidersEndpoint(registry, breakers, budgets);
	}

	@Bean
	@ConditionalOnAvailableEndpoint
	@ConditionalOnBooleanProperty("secrets-store.rotation.enabled")
	RotationsEndpoint rotationsEndpoint(RotationEvents events, RotationService rotation,
			ObjectProvider<RestartLog> restarts) {
		return new RotationsEndpoint(events, rotation, () -> restarts.getIfAvailable(() -> new RestartLog(0)).recent());
	}

}
