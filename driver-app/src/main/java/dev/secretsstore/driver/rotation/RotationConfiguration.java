package dev.secretsstore.driver.rotation;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.secretsstore.driver.model.SecretProviderClasses;
import dev.secretsstore.driver.provider.ProviderCalls;
import dev.secretsstore.driver.provider.ProviderRegistry;
import dev.secretsstore.driver.provider.StoreBudgets;
import dev.secretsstore.driver.rotation.refresh.VolumeRefresher;
import dev.secretsstore.driver.volume.MountedContentListener;
import dev.secretsstore.driver.volume.MountedVolumes;
import dev.secretsstore.provider.SecretProvider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/**
 * Rotation, when {@code --enable-secret-rotation} is set: the reconciler, its triggers
 * and the event log.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RotationProperties.class)
@ConditionalOnBooleanProperty("secrets-store.rotation.enabled")
class RotationConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(RotationConfiguration.class);

	@Bean
	RotationEvents rotationEvents(RotationProperties properties) {
		return new RotationEvents(properties.eventsKept());
	}

	/**
	 * The reconciler; with an {@link ExpiryDeadlines} bean (the {@code expiry}
	 * package's), volumes that hold certificates come due before those expire.
	 */
	@Bean
	RotationReconciler rotationReconciler(VolumeRefresher refresher, RotationProperties properties,
			ObjectProvider<RotationListener> listeners, ObjectProvider<ExpiryDeadlines> expiry, MeterRegistry meters) {
		RotationReconciler reconciler = new RotationReconciler(refresher, properties.pollInterval(),
				listeners.orderedStream().toList(), Clock.systemUTC(),
				expiry.getIfAvailable(() -> ExpiryDeadlines.NONE));
		Gauge
			.builder("secrets_store_stalest_volume_check_age_seconds",
					() -> reconciler.stalestCheckAge().toMillis() / 1000.0)
			.description("How long ago the least recently checked mounted volume was checked by rotation")
			.register(meters);
		return reconciler;
	}

	/**
	 * Starts each published volume's interval at its publish. Looked up when called: the
	 * reconciler refreshes volumes through the same publisher whose listeners this joins.
	 */
	@Bean
	MountedContentListener rotationIntervalStart(ObjectProvider<RotationReconciler> reconciler) {
		return (volume, spc, changed) -> reconciler.ifAvailable((rotation) -> rotation.mounted(volume, spc));
	}

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService rotationPool(RotationProperties properties) {
		AtomicInteger count = new AtomicInteger();
		int parallelism = Math.max(1, properties.parallelism());
		ThreadPoolExecutor pool = new ThreadPoolExecutor(parallelism, parallelism, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, "rotation-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		// between passes (minutes apart by default) the node keeps no idle rotation
		// threads and their stacks
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	@Bean
	RotationService rotationService(RotationReconciler reconciler, MountedVolumes volumes,
			SecretProviderClasses secretProviderClasses, RotationProperties properties, ExecutorService rotationPool,
			TaskScheduler scheduler, StoreBudgets budgets, ProviderRegistry providers) {
		RotationQueue queue = new RotationQueue(rotationPool, properties.parallelism(),
				properties.parallelismPerProvider(), budgets, scheduler);
		Map<String, SecretProvider> inProcess = providers.inProcessProviders();
		// a plugin cannot name its stores: its volumes share one budget
		RotationService.StoreOf storeOf = (volume, spc) -> {
			SecretProvider provider = inProcess.get(volume.provider());
			return (provider != null)
					? ProviderCalls.storeOf(provider, spc.map((s) -> s.spec().parameters()).orElse(Map.of()))
					: new StoreBudgets.Store(volume.provider(), "");
		};
		RotationService service = new RotationService(reconciler, volumes, secretProviderClasses, properties.trigger(),
				queue, storeOf);
		if (properties.trigger().includesScheduler()) {
			scheduler.scheduleWithFixedDelay(service::scheduledPass, properties.effectivePassInterval());
		}
		logger.info(
				"Rotation is on: every {} (trigger {}), {} volume(s) at a time and {} per provider, token minting {}",
				properties.pollInterval(), properties.trigger().name().toLowerCase(), properties.parallelism(),
				Math.min(properties.parallelism(), properties.parallelismPerProvider()),
				properties.mintTokens() ? "on" : "off");
		return service;
	}

}
