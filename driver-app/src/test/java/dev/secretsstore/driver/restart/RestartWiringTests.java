package dev.secretsstore.driver.restart;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.secretsstore.driver.csi.CsiProperties;
import dev.secretsstore.driver.model.NodeIdentity;
import dev.secretsstore.driver.kubernetes.ApiWorkloads;
import dev.secretsstore.driver.kubernetes.events.RestartEventRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restart configuration with the cluster mode's: the coordinator gets the client-java
 * workload API and reports to the Events recorder and the log behind
 * {@code /actuator/rotations}.
 */
class RestartWiringTests {

	// a server that is never called: the watch it starts fails quietly until the context
	// closes
	private static final String KUBECONFIG = """
			apiVersion: v1
			kind: Config
			clusters:
			- name: c
			  cluster: {server: "https://api:6443", insecure-skip-tls-verify: true}
			users:
			- name: u
			  user: {token: t}
			contexts:
			- name: x
			  context: {cluster: c, user: u}
			current-context: x
			""";

	@TempDir
	Path folder;

	@Test
	void clusterModeWiresTheCoordinatorToTheApiServerAndToEvents() throws Exception {
		Path config = Files.writeString(this.folder.resolve("config"), KUBECONFIG);
		new ApplicationContextRunner()
			.withUserConfiguration(Base.class,
					Class.forName("dev.secretsstore.driver.kubernetes.KubernetesConfiguration"),
					Class.forName("dev.secretsstore.driver.kubernetes.events.EventsConfiguration"),
					RestartConfiguration.class)
			.withPropertyValues("KUBERNETES_SERVICE_HOST=", "KUBECONFIG=" + config, "secrets-store.csi.node-id=node-a",
					"secrets-store.rotation.enabled=true", "secrets-store.restart.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(WorkloadApi.class).isInstanceOf(ApiWorkloads.class);
				assertThat(context).hasSingleBean(RestartCoordinator.class);
				assertThat(context.getBeansOfType(RestartListener.class).values())
					.hasOnlyElementsOfTypes(RestartLog.class, RestartEventRecorder.class)
					.hasSize(2)
					.anyMatch(RestartLog.class::isInstance)
					.anyMatch(RestartEventRecorder.class::isInstance);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CsiProperties.class)
	static class Base {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		NodeIdentity nodeIdentity(CsiProperties csi) {
			return new NodeIdentity(csi.nodeId(), csi.driverName());
		}

	}

}
