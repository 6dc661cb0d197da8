package dev.secretsstore.driver.standalone.local;

import dev.secretsstore.driver.mode.DriverMode;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The {@code local} provider is on when enabled explicitly, or in standalone mode when a
 * root folder is set.
 */
class OnLocalProviderEnabled implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		Boolean enabled = environment.getProperty("secrets-store.provider.local.enabled", Boolean.class);
		if (enabled != null) {
			return enabled;
		}
		return DriverMode.of(environment).isStandalone()
				&& environment.containsProperty("secrets-store.provider.local.root");
	}

}
