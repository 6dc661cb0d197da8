package dev.secretsstore.driver.webhook;

import java.nio.file.Path;
import java.util.Map;

import dev.secretsstore.driver.flags.ListenAddress;
import dev.secretsstore.driver.model.SecretProviderClasses;
import dev.secretsstore.driver.provider.ProviderRegistry;
import dev.secretsstore.driver.rotation.RotationService;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The change webhook, with {@code secrets-store.webhook.enabled}: it needs rotation on
 * and a token file, and refuses to start without either rather than serve a webhook that
 * cannot act or cannot tell who calls.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
@ConditionalOnBooleanProperty("secrets-store.webhook.enabled")
class ChangeWebhookConfiguration {

	@Bean
	ChangeWebhookServer changeWebhookServer(WebhookProperties properties, ObjectProvider<RotationService> rotation,
			SecretProviderClasses secretProviderClasses, ProviderRegistry providers, MeterRegistry meters,
			ConfigurableEnvironment environment) {
		RotationService rotations = rotation.getIfAvailable();
		if (rotations == null) {
			throw new IllegalStateException("the change webhook rotates volumes: turn rotation on "
					+ "(--enable-secret-rotation) or the webhook off (secrets-store.webhook.enabled=false)");
		}
		if (properties.tokenFile() == null || properties.tokenFile().isBlank()) {
			throw new IllegalStateException("the change webhook needs a token: set secrets-store.webhook.token-file "
					+ "to a file of at least " + WebhookToken.MIN_LENGTH + " characters");
		}
		StoreChangeRotations changes = new StoreChangeRotations(rotations, secretProviderClasses,
				providers.inProcessProviders());
		return new ChangeWebhookServer(ListenAddress.parse(properties.addr(), "webhook").socketAddress(),
				new WebhookToken(Path.of(properties.tokenFile())), properties.maxBodyBytes(), changes, meters,
				(port) -> environment.getPropertySources()
					.addFirst(new MapPropertySource("changeWebhook", Map.of("local.webhook.port", port))));
	}

}
