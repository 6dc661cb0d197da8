package dev.secretsstore.provider.vault;

import java.time.Duration;
import java.util.Map;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.SecretProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.vault.authentication.KubernetesAuthentication;

import static org.assertj.core.api.Assertions.assertThat;

class VaultProviderAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VaultProviderAutoConfiguration.class));

	@Test
	void registersTheProviderNamedVaultWithDefaultsAndNoConfiguration() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SecretProvider.class);
			assertThat(context.getBean(SecretProvider.class).name()).isEqualTo("vault");
			VaultProviderProperties properties = context.getBean(VaultProviderProperties.class);
			assertThat(properties.address()).isEqualTo("https://127.0.0.1:8200");
			assertThat(properties.authMountPath()).isEqualTo("kubernetes");
			assertThat(properties.audience()).isEqualTo("vault");
			assertThat(properties.clientCacheSize()).isEqualTo(1000);
			assertThat(properties.tls().skipVerify()).isFalse();
			assertThat(properties.hmacSecretName()).isEqualTo("vault-csi-provider-hmac-key");
			assertThat(properties.kvMetadataChecks()).isFalse();
		});
	}

	@Test
	void bindsItsProperties() {
		this.runner.withPropertyValues("secrets-store.provider.vault.address=http://vault.vault:8200",
				"secrets-store.provider.vault.auth-mount-path=/k8s/east/", "secrets-store.provider.vault.audience=aud",
				"secrets-store.provider.vault.read-timeout=3s", "secrets-store.provider.vault.client-cache-size=0",
				"secrets-store.provider.vault.tls.ca-cert-path=/etc/vault/ca.pem",
				"secrets-store.provider.vault.tls.server-name=vault.internal",
				"secrets-store.provider.vault.version-key=do-not-print",
				"secrets-store.provider.vault.hmac-secret-name=my-hmac-key",
				"secrets-store.provider.vault.kv-metadata-checks=true")
			.run((context) -> {
				VaultProviderProperties properties = context.getBean(VaultProviderProperties.class);
				assertThat(properties.address()).isEqualTo("http://vault.vault:8200");
				assertThat(properties.authMountPath()).isEqualTo("k8s/east");
				assertThat(properties.audience()).isEqualTo("aud");
				assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.clientCacheSize()).isZero();
				assertThat(properties.tls().caCertPath()).isEqualTo("/etc/vault/ca.pem");
				assertThat(properties.tls().serverName()).isEqualTo("vault.internal");
				assertThat(properties.versionKey()).isEqualTo("do-not-print");
				assertThat(properties.toString()).contains("versionKey=set").doesNotContain("do-not-print");
				assertThat(properties.hmacSecretName()).isEqualTo("my-hmac-key");
				assertThat(properties.kvMetadataChecks()).isTrue();
			});
	}

	@Test
	void refusesAnAddressThatIsNotAUrl() {
		this.runner.withPropertyValues("secrets-store.provider.vault.address=vault:8200")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void theStoreOfAVolumeIsItsVaultAddressForTheDriversRequestBudget() {
		this.runner.withPropertyValues("secrets-store.provider.vault.address=https://vault.example:8200")
			.run((context) -> {
				SecretProvider vault = context.getBean(SecretProvider.class);
				assertThat(vault.store(Map.of("vaultAddress", "https://other:8200"))).isEqualTo("https://other:8200");
				assertThat(vault.store(Map.of("roleName", "app"))).isEqualTo("https://vault.example:8200");
			});
	}

	@Test
	void backsOffToAnApplicationsOwnVaultProvider() {
		this.runner.withUserConfiguration(OwnProvider.class).run((context) -> {
			assertThat(context).hasSingleBean(SecretProvider.class);
			assertThat(context.getBean(SecretProvider.class)).isNotInstanceOf(VaultSecretProvider.class);
		});
	}

	@Test
	void backsOffToAnApplicationsVaultSecretProviderOfAnyName() {
		this.runner
			.withBean("myVault", VaultSecretProvider.class,
					() -> new VaultSecretProvider(VaultProviderProperties.defaults()))
			.run((context) -> assertThat(context).hasSingleBean(SecretProvider.class).hasBean("myVault"));
	}

	@Test
	void isAbsentWhenDisabled() {
		this.runner.withPropertyValues("secrets-store.provider.vault.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SecretProvider.class)
				.doesNotHaveBean(VaultProviderProperties.class));
	}

	@Test
	void isAbsentWithoutSpringVault() {
		this.runner.withClassLoader(new FilteredClassLoader(KubernetesAuthentication.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SecretProvider.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnProvider {

		@Bean(VaultProviderAutoConfiguration.BEAN_NAME)
		SecretProvider vaultSecretProvider() {
			return new SecretProvider() {

				@Override
				public String name() {
					return "vault";
				}

				@Override
				public MountResponse mount(MountRequest request) {
					throw new UnsupportedOperationException();
				}

			};
		}

	}

}
