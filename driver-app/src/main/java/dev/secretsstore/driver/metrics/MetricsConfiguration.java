package dev.secretsstore.driver.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The driver's metrics, and {@code /metrics} as the Go driver serves it (Actuator's Prometheus endpoint).
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration implements WebMvcConfigurer {

	@Bean
	DriverMetrics driverMetrics(MeterRegistry registry) {
		return new DriverMetrics(registry);
	}

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addViewController("/metrics").setViewName("forward:/actuator/prometheus");
	}

}
