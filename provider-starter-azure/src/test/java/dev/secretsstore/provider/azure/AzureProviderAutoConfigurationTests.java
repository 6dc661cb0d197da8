package dev.secretsstore.provider.azure;

import java.time.Duration;
import java.util.Map;

import com.azure.security.keyvault.secrets.SecretClient;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.StoreChange;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registers, configures, backs off and turns off the auto-configured provider.
 */
class AzureProviderAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AzureProviderAutoConfiguration.class));

	@Test
	void registersTheProviderNamedAzureWithDefaultsAndNoConfiguration() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SecretProvider.class);
			assertThat(context.getBean(SecretProvider.class).name()).isEqualTo("azure");
			AzureProviderProperties properties = context.getBean(AzureProviderProperties.class);
			assertThat(properties.vaultUrl("kv", AzureCloud.AZURE_PUBLIC_CLOUD))
				.isEqualTo("https://kv.vault.azure.net");
			assertThat(properties.authorityHost()).isEqualTo("https://login.microsoftonline.com");
			assertThat(properties.maxRetries()).isEqualTo(3);
			assertThat(properties.clientCacheSize()).isEqualTo(1000);
			assertThat(properties.caCertPath()).isEmpty();
		});
	}

	@Test
	void bindsItsProperties() {
		this.runner
			.withPropertyValues("secrets-store.provider.azure.vault-url-template=https://kv.internal/{vaultName}",
					"secrets-store.provider.azure.authority-host=https://login.internal/",
					"secrets-store.provider.azure.read-timeout=3s", "secrets-store.provider.azure.max-retries=0",
					"secrets-store.provider.azure.client-cache-size=0",
					"secrets-store.provider.azure.ca-cert-path=/etc/azure/ca.pem")
			.run((context) -> {
				AzureProviderProperties properties = context.getBean(AzureProviderProperties.class);
				assertThat(properties.vaultUrl("kv", AzureCloud.AZURE_CHINA_CLOUD)).isEqualTo("https://kv.internal/kv");
				assertThat(properties.authorityHost(AzureCloud.AZURE_CHINA_CLOUD)).isEqualTo("https://login.internal");
				assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.maxRetries()).isZero();
				assertThat(properties.clientCacheSize()).isZero();
				assertThat(properties.caCertPath()).isEqualTo("/etc/azure/ca.pem");
			});
	}

	@Test
	void refusesAPlainHttpVault() {
		this.runner.withPropertyValues("secrets-store.provider.azure.vault-url-template=http://{vaultName}.local")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void theStoreOfAVolumeIsItsKeyVaultForTheDriversRequestBudget() {
		this.runner.run((context) -> {
			SecretProvider azure = context.getBean(SecretProvider.class);
			assertThat(azure.store(Map.of("keyvaultName", "kv1", "tenantId", "t"))).isEqualTo("kv1");
			assertThat(azure.store(Map.of("keyvaultName", "kv1", "cloudName", "AzureChinaCloud")))
				.isEqualTo("kv1 (AzureChinaCloud)");
		});
	}

	@Test
	void aChangedSecretIsFoundInTheVaultItNames() {
		this.runner.run((context) -> {
			SecretProvider azure = context.getBean(SecretProvider.class);
			Map<String, String> parameters = Map.of("keyvaultName", "Kv1", "objects",
					"array:\n  - |\n    objectName: db-password\n    objectType: secret\n");
			assertThat(azure.reads(parameters, new StoreChange("azure", "kv1", "db-password"))).isTrue();
			assertThat(azure.reads(parameters, new StoreChange("azure", "kv2", "db-password"))).isFalse();
			assertThat(azure.reads(parameters, new StoreChange("azure", "kv1", "api-key"))).isFalse();
		});
	}

	@Test
	void backsOffToAnApplicationsOwnAzureProvider() {
		this.runner.withUserConfiguration(OwnProvider.class).run((context) -> {
			assertThat(context).hasSingleBean(SecretProvider.class);
			assertThat(context.getBean(SecretProvider.class)).isNotInstanceOf(AzureSecretProvider.class);
		});
	}

	@Test
	void backsOffToAnApplicationsAzureSecretProviderOfAnyName() {
		this.runner
			.withBean("myAzure", AzureSecretProvider.class,
					() -> new AzureSecretProvider(AzureProviderProperties.defaults()))
			.run((context) -> assertThat(context).hasSingleBean(SecretProvider.class).hasBean("myAzure"));
	}

	@Test
	void isAbsentWhenDisabled() {
		this.runner.withPropertyValues("secrets-store.provider.azure.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SecretProvider.class)
				.doesNotHaveBean(AzureProviderProperties.class));
	}

	@Test
	void isAbsentWithoutTheKeyVaultSdk() {
		this.runner.withClassLoader(new FilteredClassLoader(SecretClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SecretProvider.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnProvider {

		@Bean(AzureProviderAutoConfiguration.BEAN_NAME)
		SecretProvider azureSecretProvider() {
			return new SecretProvider() {

				@Override
				public String name() {
					return "azure";
				}

				@Override
				public MountResponse mount(MountRequest request) {
					throw new UnsupportedOperationException();
				}

			};
		}

	}

}
