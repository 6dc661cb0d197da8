package dev.secretsstore.driver.standalone;

import dev.secretsstore.driver.model.NodeIdentity;
import dev.secretsstore.driver.status.FolderMountStatusStore;
import dev.secretsstore.driver.status.MountStatusStore;
import dev.secretsstore.driver.status.PodStatusDocuments;
import dev.secretsstore.driver.mode.ConditionalOnStandaloneMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Standalone mode: SecretProviderClasses from a folder and mount status in a folder, no
 * Kubernetes API.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnStandaloneMode
@EnableConfigurationProperties(StandaloneProperties.class)
class StandaloneConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(StandaloneConfiguration.class);

	@Bean
	FolderSecretProviderClasses folderSecretProviderClasses(StandaloneProperties properties) {
		logger.info("Standalone mode: SecretProviderClasses from {}, mount status in {}", properties.spcDir(),
				properties.stateDir());
		return new FolderSecretProviderClasses(properties.spcDir());
	}

	@Bean
	MountStatusStore folderMountStatusStore(StandaloneProperties properties, NodeIdentity node) {
		return new FolderMountStatusStore(properties.stateDir(), new PodStatusDocuments(node.nodeId()));
	}

}
