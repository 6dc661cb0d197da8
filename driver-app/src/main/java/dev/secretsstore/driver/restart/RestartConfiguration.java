package dev.secretsstore.driver.restart;

import java.time.Clock;

import dev.secretsstore.driver.mode.ConditionalOnClusterMode;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Restarting workloads on rotation, with {@code secrets-store.restart.enabled} (and
 * rotation, whose outcomes it follows), in cluster mode: the {@link WorkloadApi} is the
 * {@code kubernetes} package's.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RestartProperties.class)
@ConditionalOnClusterMode
@ConditionalOnBooleanProperty("secrets-store.restart.enabled")
@ConditionalOnBooleanProperty("secrets-store.rotation.enabled")
class RestartConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(RestartConfiguration.class);

	@Bean
	RestartLog restartLog(RestartProperties properties) {
		return new RestartLog(properties.kept());
	}

	@Bean(destroyMethod = "close")
	ExecutorRestartScheduler restartScheduler() {
		return new ExecutorRestartScheduler();
	}

	@Bean
	RestartCoordinator restartCoordinator(WorkloadApi workloadApi, ExecutorRestartScheduler restartScheduler,
			RestartProperties properties, ObjectProvider<RestartListener> listeners, MeterRegistry meters) {
		logger.info(
				"Restart on rotation is on: opted-in workloads restart {} after a rotation, at most once per {} "
						+ "(needs RBAC to patch deployments, statefulsets, daemonsets)",
				properties.quietPeriod(), properties.minPeriod());
		return new RestartCoordinator(workloadApi, restartScheduler, Clock.systemUTC(), properties,
				listeners.orderedStream().toList(), meters);
	}

}
