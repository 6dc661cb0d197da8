package dev.secretsstore.provider.azure;

import com.azure.identity.ClientAssertionCredential;
import com.azure.security.keyvault.secrets.SecretClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Registers the in-process provider named {@code azure} unless it is turned off or the
 * application defines its own.
 */
@AutoConfiguration
@ConditionalOnClass({ SecretClient.class, ClientAssertionCredential.class })
@ConditionalOnBooleanProperty(name = "secrets-store.provider.azure.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AzureProviderProperties.class)
public class AzureProviderAutoConfiguration {

	/**
	 * The bean name; an application bean of this name, of any provider type, replaces the
	 * starter's.
	 */
	public static final String BEAN_NAME = "azureSecretProvider";

	/**
	 * The provider; backs off to an application's {@link AzureSecretProvider} or to any
	 * bean named {@value #BEAN_NAME}, since the driver takes one provider per name.
	 */
	@Bean(BEAN_NAME)
	@ConditionalOnMissingBean(value = AzureSecretProvider.class, name = BEAN_NAME)
	public AzureSecretProvider azureSecretProvider(AzureProviderProperties properties) {
		return new AzureSecretProvider(properties);
	}

}
