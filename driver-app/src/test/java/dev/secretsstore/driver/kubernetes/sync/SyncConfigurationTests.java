package dev.secretsstore.driver.kubernetes.sync;

import dev.secretsstore.driver.kubernetes.NodePods;
import dev.secretsstore.driver.kubernetes.WatchClient;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class SyncConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SyncConfiguration.class)
		.withBean(ApiClient.class, ApiClient::new)
		.withBean(WatchClient.class, () -> new WatchClient(new ApiClient()))
		.withBean(NodePods.class, () -> NodePods.watching(new ApiClient(), new CoreV1Api(new ApiClient()), "node-a"));

	@Test
	void secretSyncIsAListenerInClusterModeByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SecretSync.class);
			assertThat(context.getBean(SyncProperties.class).enabled()).isTrue();
		});
	}

	@Test
	void secretSyncCanBeTurnedOff() {
		this.runner.withPropertyValues("secrets-store.sync.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SecretSync.class));
	}

	@Test
	void standaloneModeHasNoSecretSync() {
		this.runner.withPropertyValues("secrets-store.standalone.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(SecretSync.class));
	}

}
