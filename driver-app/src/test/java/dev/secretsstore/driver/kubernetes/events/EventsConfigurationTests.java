package dev.secretsstore.driver.kubernetes.events;

import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class EventsConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(EventsConfiguration.class)
		.withBean(ApiClient.class, ApiClient::new);

	@Test
	void rotationEventsAreRecordedInClusterModeByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RotationEventRecorder.class);
			assertThat(context).hasSingleBean(PodEvents.class);
		});
	}

	@Test
	void rotationEventsCanBeTurnedOff() {
		this.runner.withPropertyValues("secrets-store.events.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RotationEventRecorder.class)
				.doesNotHaveBean(PodEvents.class));
	}

	@Test
	void standaloneModeRecordsNoEvents() {
		this.runner.withPropertyValues("secrets-store.standalone.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(RotationEventRecorder.class)
				.doesNotHaveBean(PodEvents.class));
	}

}
