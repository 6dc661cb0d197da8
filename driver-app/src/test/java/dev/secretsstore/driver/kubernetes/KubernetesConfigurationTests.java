package dev.secretsstore.driver.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.secretsstore.driver.actuator.http.WriteAuthorizer;
import dev.secretsstore.driver.csi.CsiProperties;
import dev.secretsstore.driver.model.NodeIdentity;
import dev.secretsstore.driver.model.SecretProviderClasses;
import dev.secretsstore.driver.restart.WorkloadApi;
import dev.secretsstore.driver.rotation.tokens.TokenMinter;
import dev.secretsstore.driver.status.MountStatusStore;
import dev.secretsstore.provider.SharedKeys;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class KubernetesConfigurationTests {

	@TempDir
	Path folder;

	// blank values hide the machine's own cluster settings from every test
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Csi.class, KubernetesConfiguration.class)
		.withPropertyValues("KUBERNETES_SERVICE_HOST=", "KUBECONFIG=", "secrets-store.csi.node-id=node-a");

	@Test
	void clusterModeLooksUpClassesAndRecordsStatusThroughTheApiServer() throws Exception {
		Path config = kubeConfig();
		this.runner.withPropertyValues("KUBECONFIG=" + config).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ApiClient.class).getBasePath()).isEqualTo("https://api:6443");
			assertThat(context.getBean(SecretProviderClasses.class)).isInstanceOf(WatchedSecretProviderClasses.class);
			assertThat(context.getBean(MountStatusStore.class)).isInstanceOf(ApiMountStatusStore.class);
			assertThat(context.getBean(SharedKeys.class)).as("the Vault provider's HMAC key")
				.isInstanceOf(ApiSharedKeys.class);
			assertThat(context.getBean(WriteAuthorizer.class)).as("the management port's writes")
				.isInstanceOf(ApiWriteAuthorizer.class);
		});
	}

	@Test
	void tokensAreMintedThroughTheApiServerOnlyWhenAskedFor() throws Exception {
		Path config = kubeConfig();
		this.runner.withPropertyValues("KUBECONFIG=" + config)
			.run((context) -> assertThat(context).doesNotHaveBean(TokenMinter.class));
		this.runner.withPropertyValues("KUBECONFIG=" + config, "secrets-store.rotation.mint-tokens=true")
			.run((context) -> assertThat(context).getBean(TokenMinter.class).isInstanceOf(ApiTokenMinter.class));
	}

	@Test
	void workloadsAreReadAndPatchedOnlyWhenRestartOnRotationIsOn() throws Exception {
		Path config = kubeConfig();
		this.runner.withPropertyValues("KUBECONFIG=" + config)
			.run((context) -> assertThat(context).doesNotHaveBean(WorkloadApi.class));
		this.runner.withPropertyValues("KUBECONFIG=" + config, "secrets-store.restart.enabled=true")
			.run((context) -> assertThat(context).getBean(WorkloadApi.class).isInstanceOf(ApiWorkloads.class));
	}

	@Test
	void withoutAClusterTheStartFailsSayingHowToRunStandalone() {
		this.runner.withPropertyValues("user.home=" + this.folder).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("--standalone");
		});
	}

	@Test
	void clusterModeNeedsTheNodeName() throws Exception {
		Path config = kubeConfig();
		this.runner.withPropertyValues("KUBECONFIG=" + config, "secrets-store.csi.node-id=").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("--nodeid");
		});
	}

	@Test
	void standaloneModeMakesNoKubernetesBeans() {
		this.runner
			.withPropertyValues("secrets-store.standalone.enabled=true", "secrets-store.rotation.mint-tokens=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ApiClient.class);
				assertThat(context).doesNotHaveBean(SecretProviderClasses.class);
				assertThat(context).doesNotHaveBean(TokenMinter.class);
				assertThat(context).doesNotHaveBean(SharedKeys.class);
				assertThat(context).doesNotHaveBean(WriteAuthorizer.class);
			});
	}

	private Path kubeConfig() throws Exception {
		return Files.writeString(this.folder.resolve("config"), KubernetesClientsTests.KUBECONFIG.formatted("api"));
	}

	/**
	 * The node's identity as the CSI configuration gives it, from the same properties.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CsiProperties.class)
	static class Csi {

		@Bean
		NodeIdentity nodeIdentity(CsiProperties csi) {
			return new NodeIdentity(csi.nodeId(), csi.driverName());
		}

	}

}
