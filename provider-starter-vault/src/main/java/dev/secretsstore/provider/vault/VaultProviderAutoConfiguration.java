package dev.secretsstore.provider.vault;

import dev.secretsstore.provider.SharedKeys;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.vault.authentication.KubernetesAuthentication;
import org.springframework.web.client.RestClient;

/**
 * Registers the in-process provider named {@code vault} unless it is turned off or the
 * application defines its own.
 */
@AutoConfiguration
@ConditionalOnClass({ KubernetesAuthentication.class, RestClient.class })
@ConditionalOnBooleanProperty(name = "secrets-store.provider.vault.enabled", matchIfMissing = true)
@EnableConfigurationProperties(VaultProviderProperties.class)
public class VaultProviderAutoConfiguration {

	/**
	 * The bean name; an application bean of this name, of any provider type, replaces the
	 * starter's.
	 */
	public static final String BEAN_NAME = "vaultSecretProvider";

	/**
	 * The provider; backs off to an application's {@link VaultSecretProvider} or to any
	 * bean named {@value #BEAN_NAME}, since the driver takes one provider per name.
	 */
	@Bean(BEAN_NAME)
	@ConditionalOnMissingBean(value = VaultSecretProvider.class, name = BEAN_NAME)
	public VaultSecretProvider vaultSecretProvider(VaultProviderProperties properties,
			ObjectProvider<SharedKeys> sharedKeys) {
		// the driver offers shared keys in cluster mode, for the Go provider's HMAC key
		// of object versions
		return new VaultSecretProvider(properties, sharedKeys.getIfAvailable(() -> SharedKeys.NONE));
	}

}
