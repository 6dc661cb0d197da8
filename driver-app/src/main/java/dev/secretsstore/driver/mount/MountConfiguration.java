package dev.secretsstore.driver.mount;

import dev.secretsstore.driver.mode.DriverMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Chooses how volumes are mounted: tmpfs, or plain folders for a standalone run without
 * root.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MountProperties.class)
class MountConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(MountConfiguration.class);

	@Bean
	Mounter mounter(MountProperties properties, Environment environment) {
		if (properties.tmpfs()) {
			return new TmpfsMounter(new MountTable());
		}
		if (!DriverMode.of(environment).isStandalone()) {
			throw new IllegalStateException(
					"--mount-tmpfs=false is allowed in standalone mode only: in a cluster, secrets must stay in memory");
		}
		logger.warn("*****************************************************************************************");
		logger.warn("* --mount-tmpfs=false: volumes are plain folders, so mounted SECRETS ARE WRITTEN TO DISK *");
		logger.warn("* under {}. Use this for development only.", properties.kubeletRootDir());
		logger.warn("*****************************************************************************************");
		return new FolderMounter();
	}

}
