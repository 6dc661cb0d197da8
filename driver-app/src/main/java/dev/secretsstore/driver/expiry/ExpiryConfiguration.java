package dev.secretsstore.driver.expiry;

import java.time.Clock;
import java.time.Duration;

import dev.secretsstore.driver.kubernetes.events.PodEvents;
import dev.secretsstore.driver.volume.MountedVolumes;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/**
 * Expiry awareness, unless {@code secrets-store.expiry.enabled=false}:
 * {@link CertificateExpiry} listens to mounted content, and, being the
 * {@code ExpiryDeadlines} bean, makes rotation (when it is on) check volumes before their
 * certificates expire. Warnings go to the pod's Events when the driver records Events
 * (cluster mode), else to the log.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExpiryProperties.class)
@ConditionalOnBooleanProperty(name = "secrets-store.expiry.enabled", matchIfMissing = true)
class ExpiryConfiguration {

	/**
	 * Warnings are a matter of days: a look every minute for certificates that came near
	 * expiry is plenty.
	 */
	static final Duration WARNING_SWEEP = Duration.ofMinutes(1);

	@Bean
	CertificateExpiry certificateExpiry(ExpiryProperties properties, ObjectProvider<PodEvents> podEvents,
			MeterRegistry meters, MountedVolumes volumes, TaskScheduler scheduler) {
		PodEvents events = podEvents.getIfAvailable();
		ExpiryWarnings warnings = (events != null) ? new PodEventExpiryWarnings(events) : new LoggedExpiryWarnings();
		Clock clock = Clock.systemUTC();
		CertificateExpiry expiry = new CertificateExpiry(warnings, new ExpiryGauges(meters, clock),
				properties.warnBefore(), properties.shortestRecheck(), clock);
		expiry.restored(volumes.all());
		scheduler.scheduleWithFixedDelay(expiry::warnNearExpiry, clock.instant().plus(WARNING_SWEEP), WARNING_SWEEP);
		return expiry;
	}

}
