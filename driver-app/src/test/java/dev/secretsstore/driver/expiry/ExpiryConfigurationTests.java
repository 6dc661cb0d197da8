package dev.secretsstore.driver.expiry;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import dev.secretsstore.driver.kubernetes.events.PodEvents;
import dev.secretsstore.driver.kubernetes.events.RotationEventRecorder;
import dev.secretsstore.driver.mount.FolderMounter;
import dev.secretsstore.driver.status.FolderMountStatusStore;
import dev.secretsstore.driver.status.PodStatusDocuments;
import dev.secretsstore.driver.volume.MountedVolumes;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiryConfigurationTests {

	@TempDir
	Path state;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withUserConfiguration(ExpiryConfiguration.class)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(MountedVolumes.class,
					() -> new MountedVolumes(new FolderMountStatusStore(this.state, new PodStatusDocuments("node-1")),
							new FolderMounter()))
			.withBean(TaskScheduler.class, () -> {
				ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
				scheduler.initialize();
				return scheduler;
			});
	}

	@Test
	void inClusterModeWarningsArePodEventsWithTheDefaultsOfTheProperties() {
		// cluster mode with Events on (EventsConfiguration) is where a PodEvents bean
		// exists
		runner()
			.withBean(PodEvents.class,
					() -> new PodEvents(new CoreV1Api(new ApiClient()), RotationEventRecorder.COMPONENT,
							Clock.systemUTC()))
			.run((context) -> {
				assertThat(context).hasSingleBean(CertificateExpiry.class);
				CertificateExpiry expiry = context.getBean(CertificateExpiry.class);
				assertThat(expiry).extracting("warnings").isInstanceOf(PodEventExpiryWarnings.class);
				assertThat(expiry).extracting("warnBefore").isEqualTo(Duration.ofDays(7));
				assertThat(expiry.shortestRecheck()).isEqualTo(Duration.ofMinutes(1));
			});
	}

	@Test
	void withoutEventsWarningsAreLogged() {
		runner().withPropertyValues("secrets-store.expiry.warn-before=36h").run((context) -> {
			CertificateExpiry expiry = context.getBean(CertificateExpiry.class);
			assertThat(expiry).extracting("warnings").isInstanceOf(LoggedExpiryWarnings.class);
			assertThat(expiry).extracting("warnBefore").isEqualTo(Duration.ofHours(36));
		});
	}

	@Test
	void expiryAwarenessCanBeTurnedOff() {
		runner().withPropertyValues("secrets-store.expiry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CertificateExpiry.class));
	}

}
