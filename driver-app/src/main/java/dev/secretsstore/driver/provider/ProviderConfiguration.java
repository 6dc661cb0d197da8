package dev.secretsstore.driver.provider;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.plugin.PluginClientOptions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The provider registry: in-process {@link SecretProvider} beans, then plugin sockets in the configured folders.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProviderProperties.class)
class ProviderConfiguration {

	@Bean(destroyMethod = "close")
	ProviderRegistry providerRegistry(ObjectProvider<SecretProvider> inProcess, ProviderProperties properties) {
		List<Path> folders = new ArrayList<>();
		properties.additionalVolumePaths().stream().filter((path) -> !path.isBlank()).map(Path::of).forEach(folders::add);
		folders.add(Path.of(properties.volume()));
		PluginClientOptions options = PluginClientOptions.defaults()
			.withCallTimeout(properties.callTimeout())
			.withMaxCallRecvMsgSize(Math.toIntExact(properties.maxCallRecvMsgSize()));
		return new ProviderRegistry(inProcess.orderedStream().toList(), folders, options);
	}

}
