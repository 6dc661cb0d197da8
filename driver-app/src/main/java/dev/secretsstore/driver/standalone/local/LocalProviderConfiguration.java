package dev.secretsstore.driver.standalone.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.secretsstore.driver.standalone.StandaloneProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the {@code local} provider: on by default in standalone mode, off in cluster
 * mode unless enabled explicitly, and only with a root folder.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ LocalProviderProperties.class, StandaloneProperties.class })
@Conditional(OnLocalProviderEnabled.class)
class LocalProviderConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(LocalProviderConfiguration.class);

	@Bean
	LocalSecretProvider localSecretProvider(LocalProviderProperties properties, StandaloneProperties standalone)
			throws IOException {
		if (properties.root() == null) {
			throw new IllegalStateException("the local provider is enabled but secrets-store.provider.local.root "
					+ "is not set: name the one folder it may read secrets from");
		}
		if (!Files.isDirectory(properties.root())) {
			throw new IllegalStateException(
					"the local provider's root folder " + properties.root() + " does not exist");
		}
		Path keyFile = (properties.versionKeyFile() != null) ? properties.versionKeyFile()
				: standalone.stateDir().resolve(LocalProviderProperties.VERSION_KEY_FILE);
		byte[] key;
		try {
			key = VersionKeyFile.loadOrCreate(keyFile);
		}
		catch (IOException ex) {
			throw new IllegalStateException("the local provider cannot read or make its version key " + keyFile + ": "
					+ ex.getMessage() + " (set secrets-store.provider.local.version-key-file to a writable place)", ex);
		}
		logger.info("Provider 'local' reads secrets from {}; its object versions are keyed with {}",
				properties.root().toRealPath(), keyFile);
		return new LocalSecretProvider(properties.root(), key);
	}

}
