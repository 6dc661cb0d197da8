package dev.secretsstore.driver.standalone;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Running without a Kubernetes API.
 *
 * @param enabled whether to run standalone ({@code --standalone})
 * @param spcDir folder of SecretProviderClass YAML files ({@code --spc-dir})
 * @param stateDir folder of SecretProviderClassPodStatus YAML files, one per mounted
 * volume ({@code --state-dir})
 */
@ConfigurationProperties("secrets-store.standalone")
public record StandaloneProperties(@DefaultValue("false") boolean enabled,
		@DefaultValue("/etc/secrets-store/secretproviderclasses") Path spcDir,
		@DefaultValue("/var/lib/secrets-store/state") Path stateDir) {
}
