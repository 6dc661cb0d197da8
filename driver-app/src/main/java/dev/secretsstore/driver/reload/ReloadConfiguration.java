package dev.secretsstore.driver.reload;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.secretsstore.driver.volume.MountedVolumes;
import dev.secretsstore.driver.mode.ConditionalOnStandaloneMode;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Reload hooks, with {@code secrets-store.reload.enabled} (and rotation, whose outcomes
 * they follow). Cluster mode finds the pods' endpoints through the API server (a
 * {@link ReloadTargets} bean of the {@code kubernetes} package); standalone mode, in the
 * volumes' attributes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReloadProperties.class)
@ConditionalOnBooleanProperty("secrets-store.reload.enabled")
class ReloadConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnStandaloneMode
	ReloadTargets volumeContextReloadTargets(MountedVolumes volumes, ReloadProperties properties) {
		return new VolumeContextReloadTargets(volumes, properties.podAddress());
	}

	@Bean(destroyMethod = "close")
	ReloadHooks reloadHooks(ReloadTargets targets, ObjectProvider<ReloadListener> listeners,
			ReloadProperties properties, MeterRegistry meters) {
		// calls wait on pods, a few at a time; a rotation pass that changed a thousand
		// pods queues the rest
		ThreadPoolExecutor callers = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				new CustomizableThreadFactory("reload-hook-"));
		callers.allowCoreThreadTimeOut(true);
		return new ReloadHooks(targets, listeners.orderedStream().toList(), properties, callers, meters);
	}

}
