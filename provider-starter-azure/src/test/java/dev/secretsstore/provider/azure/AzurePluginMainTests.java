package dev.secretsstore.provider.azure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link AzurePluginMain}'s flags. How they are read is {@code GoFlagSet}'s,
 * tested in provider-api.
 */
class AzurePluginMainTests {

	@Test
	void takesTheGoProvidersEndpointAndTheSettingsFlags() {
		AzurePluginMain main = new AzurePluginMain();
		main.launcher().flags().parse();
		assertThat(main.launcher().endpoint())
			.contains(Path.of("/etc/kubernetes/secrets-store-csi-providers/azure.sock"));
		assertThat(main.properties()).isEqualTo(AzureProviderProperties.defaults());
		main.launcher()
			.flags()
			.parse("-endpoint", "/provider/azure.sock", "-vault-url-template=https://{vaultName}.vault.internal",
					"--authority-host=https://login.internal/", "-ca-cert-path", "/ca.pem", "--version");
		assertThat(main.launcher().endpoint()).contains(Path.of("/provider/azure.sock"));
		assertThat(main.properties().vaultUrlTemplate()).isEqualTo("https://{vaultName}.vault.internal");
		assertThat(main.properties().authorityHost()).isEqualTo("https://login.internal");
		assertThat(main.properties().caCertPath()).isEqualTo("/ca.pem");
		assertThat(main.launcher().printsVersion()).isTrue();
	}

	@Test
	void refusesTheGoProvidersOtherFlagsAndSettingsItCannotUse() {
		AzurePluginMain main = new AzurePluginMain();
		assertThat(catchThrowableOfType(IllegalArgumentException.class,
				() -> main.launcher().flags().parse("--use-pod-identity")))
			.hasMessage("flag provided but not defined: -use-pod-identity");
		assertThat(catchThrowableOfType(IllegalArgumentException.class,
				() -> main.launcher().flags().parse("--cloud-name=AzurePublicCloud")))
			.hasMessage("flag provided but not defined: -cloud-name");
		main.launcher().flags().parse("--vault-url-template=http://{vaultName}.local");
		assertThat(catchThrowableOfType(IllegalArgumentException.class, main::properties))
			.hasMessageContaining("is not an https:// URL");
	}

}
