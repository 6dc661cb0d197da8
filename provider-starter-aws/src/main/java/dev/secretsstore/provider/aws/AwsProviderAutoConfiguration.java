package dev.secretsstore.provider.aws;

import dev.secretsstore.provider.ServiceAccounts;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Registers the in-process {@code aws} provider when the AWS SDK is present, unless
 * disabled or already defined.
 */
@AutoConfiguration
@ConditionalOnClass(SecretsManagerClient.class)
@ConditionalOnBooleanProperty(name = "secrets-store.provider.aws.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AwsProviderProperties.class)
public class AwsProviderAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AwsSecretProvider awsSecretProvider(AwsProviderProperties properties,
			ObjectProvider<ServiceAccounts> serviceAccounts) {
		// the driver offers one in cluster mode; without it the role-arn property stands
		// in for the annotation
		return new AwsSecretProvider(properties, serviceAccounts.getIfAvailable(() -> ServiceAccounts.NONE));
	}

}
