package dev.secretsstore.provider.aws;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Registers the in-process {@code aws} provider when the AWS SDK is present, unless disabled or already defined.
 */
@AutoConfiguration
@ConditionalOnClass(SecretsManagerClient.class)
@ConditionalOnBooleanProperty(name = "secrets-store.provider.aws.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AwsProviderProperties.class)
public class AwsProviderAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AwsSecretProvider awsSecretProvider(AwsProviderProperties properties) {
		return new AwsSecretProvider(properties);
	}

}
