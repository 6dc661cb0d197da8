package dev.secretsstore.provider.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.StoreChange;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AwsProviderAutoConfiguration}: present by default without any setting,
 * backing off to a user's bean, off by property, and absent without the AWS SDK.
 */
class AwsProviderAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AwsProviderAutoConfiguration.class));

	@Test
	void isRegisteredAsAnAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(AwsProviderAutoConfiguration.class.getName());
	}

	@Test
	void registersTheAwsProviderWithoutAnySetting() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(AwsSecretProvider.class);
			assertThat(context.getBean(SecretProvider.class).name()).isEqualTo("aws");
			assertThat(context.getBean(AwsSecretProvider.class).cachedSessions()).isZero();
			assertThat(context.getBean(AwsProviderProperties.class)).isEqualTo(AwsProviderProperties.defaults());
		});
	}

	@Test
	void theStoreOfAVolumeIsItsRegionForTheDriversRequestBudget() {
		this.runner.withPropertyValues("secrets-store.provider.aws.region=us-east-2").run((context) -> {
			SecretProvider aws = context.getBean(SecretProvider.class);
			assertThat(aws.store(Map.of("region", "eu-west-1", "objects", "[]"))).isEqualTo("eu-west-1");
			assertThat(aws.store(Map.of("objects", "[]"))).as("the configured region").isEqualTo("us-east-2");
		});
	}

	@Test
	void aChangedSecretIsFoundByItsNameOrItsArnEitherWayRound() {
		this.runner.withPropertyValues("secrets-store.provider.aws.region=us-east-1").run((context) -> {
			SecretProvider aws = context.getBean(SecretProvider.class);
			Map<String, String> byName = Map.of("objects", "- objectName: db-password\n  objectType: secretsmanager\n");
			Map<String, String> byArn = Map.of("objects",
					"- objectName: " + "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password-a1b2c3\n");
			StoreChange arn = new StoreChange("aws", "us-east-1",
					"arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password-a1b2c3");
			assertThat(aws.reads(byName, arn)).isTrue();
			assertThat(aws.reads(byArn, arn)).isTrue();
			assertThat(aws.reads(byArn, new StoreChange("aws", "", "db-password"))).isTrue();
			assertThat(aws.reads(byName, new StoreChange("aws", "", "db-password-old"))).isFalse();
			assertThat(aws.reads(byName, new StoreChange("aws", "eu-west-1", "db-password"))).as("another region")
				.isFalse();
		});
	}

	@Test
	void backsOffToAUsersProvider() {
		this.runner.withUserConfiguration(UserProvider.class).run((context) -> {
			assertThat(context).hasSingleBean(AwsSecretProvider.class);
			assertThat(context.getBean(AwsSecretProvider.class)).isSameAs(UserProvider.PROVIDER);
		});
	}

	@Test
	void isOffWhenDisabled() {
		this.runner.withPropertyValues("secrets-store.provider.aws.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SecretProvider.class));
	}

	@Test
	void isAbsentWithoutTheAwsSdk() {
		this.runner.withClassLoader(new FilteredClassLoader(SecretsManagerClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SecretProvider.class));
	}

	@Test
	void bindsItsProperties() {
		this.runner.withPropertyValues("secrets-store.provider.aws.region=eu-central-1",
				"secrets-store.provider.aws.role-arn=arn:aws:iam::111122223333:role/web",
				"secrets-store.provider.aws.secretsmanager-endpoint=https://vpce-1.secretsmanager.eu-central-1.vpce.amazonaws.com",
				"secrets-store.provider.aws.pod-identity-timeout=250ms", "secrets-store.provider.aws.max-attempts=2")
			.run((context) -> {
				AwsProviderProperties properties = context.getBean(AwsProviderProperties.class);
				assertThat(properties.region()).isEqualTo("eu-central-1");
				assertThat(properties.roleArn()).isEqualTo("arn:aws:iam::111122223333:role/web");
				assertThat(properties.secretsmanagerEndpoint())
					.isEqualTo(URI.create("https://vpce-1.secretsmanager.eu-central-1.vpce.amazonaws.com"));
				assertThat(properties.podIdentityTimeout()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.maxAttempts()).isEqualTo(2);
				assertThat(properties.podIdentityEndpoint()).isEqualTo(URI.create("http://169.254.170.23"));
			});
	}

	@Test
	void refusesInvalidProperties() {
		this.runner.withPropertyValues("secrets-store.provider.aws.max-attempts=0")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	static class UserProvider {

		static final AwsSecretProvider PROVIDER = new AwsSecretProvider(AwsProviderProperties.defaults());

		@Bean
		AwsSecretProvider myAwsProvider() {
			return PROVIDER;
		}

	}

}
