package dev.secretsstore.driver.flags;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Derives the framework's properties from the driver's: the HTTP port from
 * {@code --metrics-addr}, log levels from {@code -v} and the log format from
 * {@code --log-format-json}. The derived values are added last, so an operator who sets a
 * framework property directly still wins.
 */
public class FrameworkPropertiesPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Runs after the demo has filled in its defaults. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> derived = new HashMap<>();
		putMetricsAddress(environment.getProperty("secrets-store.metrics.addr", ":8095"), derived);
		String backend = environment.getProperty("secrets-store.metrics.backend", "Prometheus");
		if (!backend.toLowerCase(Locale.ROOT).equals("prometheus")) {
			throw new IllegalArgumentException("unsupported metrics backend \"" + backend + "\": only Prometheus is");
		}
		int verbosity = environment.getProperty("secrets-store.log.verbosity", Integer.class, 0);
		if (verbosity >= 5) {
			derived.put("logging.level.dev.secretsstore", (verbosity >= 8) ? "TRACE" : "DEBUG");
		}
		if (environment.getProperty("secrets-store.log.format-json", Boolean.class, false)) {
			derived.put("logging.structured.format.console", "ecs");
		}
		environment.getPropertySources().addLast(new MapPropertySource("secretsStoreDerived", derived));
	}

	private static void putMetricsAddress(String address, Map<String, Object> derived) {
		ListenAddress metrics = ListenAddress.parse(address, "metrics");
		derived.put("server.port", metrics.port());
		if (!metrics.host().isEmpty()) {
			derived.put("server.address", metrics.host());
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
