package dev.secretsstore.driver.restart;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.secretsstore.driver.rotation.RotationEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class RestartConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Cluster.class, RestartConfiguration.class)
		.withPropertyValues("secrets-store.rotation.enabled=true");

	@Test
	void offByDefault() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(RestartCoordinator.class));
	}

	@Test
	void onWithItsPropertyAndItsDefaults() {
		this.runner.withPropertyValues("secrets-store.restart.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(RestartCoordinator.class).hasSingleBean(RestartLog.class);
			RestartProperties properties = context.getBean(RestartProperties.class);
			assertThat(properties.quietPeriod()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.minPeriod()).isEqualTo(Duration.ofMinutes(5));
		});
		this.runner
			.withPropertyValues("secrets-store.restart.enabled=true", "secrets-store.restart.quiet-period=2m",
					"secrets-store.restart.min-period=1h")
			.run((context) -> {
				RestartProperties properties = context.getBean(RestartProperties.class);
				assertThat(properties.quietPeriod()).isEqualTo(Duration.ofMinutes(2));
				assertThat(properties.minPeriod()).isEqualTo(Duration.ofHours(1));
			});
	}

	@Test
	void notWithoutRotationNorInStandaloneMode() {
		this.runner.withPropertyValues("secrets-store.restart.enabled=true", "secrets-store.rotation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RestartCoordinator.class));
		this.runner.withPropertyValues("secrets-store.restart.enabled=true", "secrets-store.standalone.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(RestartCoordinator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Cluster {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		WorkloadApi workloadApi() {
			return new WorkloadApi() {

				@Override
				public Optional<RotatedPod> pod(RotationEvent rotation) {
					return Optional.empty();
				}

				@Override
				public RotatedPod.Owner ownerOf(RotatedPod pod) {
					return new RotatedPod.Owner(null, "no controller");
				}

				@Override
				public boolean secretProviderClassOptsIn(String namespace, String name) {
					return false;
				}

				@Override
				public Optional<WorkloadState> read(Workload workload) {
					return Optional.empty();
				}

				@Override
				public Patch annotateTemplate(Workload workload, String resourceVersion,
						Map<String, String> annotations) {
					return Patch.GONE;
				}

			};
		}

	}

}
