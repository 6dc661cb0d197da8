package dev.secretsstore.driver.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The driver's metrics. {@code /metrics}, where the Go driver serves them, is Actuator's
 * Prometheus endpoint ({@code actuator.http.ActuatorHttpServer}).
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	@Bean
	DriverMetrics driverMetrics(MeterRegistry registry) {
		return new DriverMetrics(registry);
	}

}
