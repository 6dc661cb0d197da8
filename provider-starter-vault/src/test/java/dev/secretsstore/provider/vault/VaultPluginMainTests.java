package dev.secretsstore.provider.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link VaultPluginMain}'s flags: the Go provider's names, defaults and
 * environment fallbacks. How they are read is {@code GoFlagSet}'s, tested in
 * provider-api.
 */
class VaultPluginMainTests {

	@Test
	void defaultsAsTheGoProviderDoes() {
		VaultPluginMain main = parse(Map.of());
		assertThat(main.launcher().endpoint()).contains(Path.of("/tmp/vault.sock"));
		assertThat(main.properties().address()).isEqualTo("https://127.0.0.1:8200");
		assertThat(main.properties().authMountPath()).isEqualTo("kubernetes");
		assertThat(main.properties().clientCacheSize()).isEqualTo(1000);
		assertThat(main.properties().versionKey()).isEmpty();
		assertThat(main.properties().tls().skipVerify()).isFalse();
		assertThat(main.properties().kvMetadataChecks()).isFalse();
		assertThat(main.launcher().printsVersion()).isFalse();
	}

	@Test
	void readsGoFlagSyntaxAndIgnoresFlagsThatMeanNothingHere() {
		VaultPluginMain main = parse(Map.of(), "--endpoint=/provider/vault.sock", "-vault-addr", "http://vault:8200",
				"-vault-mount=jwt", "-cache-size=0", "-vault-tls-skip-verify", "-debug", "-log-level=debug",
				"-health-addr", ":8080", "-hmac-secret-name=vault-csi-provider-hmac-key", "-output=x",
				"-vault-tls-server-name", "vault.internal", "-kv-metadata-checks", "-version");
		assertThat(main.launcher().endpoint()).contains(Path.of("/provider/vault.sock"));
		assertThat(main.properties().address()).isEqualTo("http://vault:8200");
		assertThat(main.properties().authMountPath()).isEqualTo("jwt");
		assertThat(main.properties().clientCacheSize()).isZero();
		assertThat(main.properties().tls().skipVerify()).isTrue();
		assertThat(main.properties().tls().toVaultTls().serverName()).isEqualTo("vault.internal");
		assertThat(main.properties().kvMetadataChecks()).isTrue();
		assertThat(main.launcher().printsVersion()).isTrue();
	}

	@Test
	void fallsBackToTheVaultEnvironmentVariablesAndLetsFlagsWin() {
		Map<String, String> env = Map.of("VAULT_ADDR", "https://env-vault:8200", "VAULT_NAMESPACE", "env-ns",
				"VAULT_CACERT", "/env/ca.pem", "VAULT_CAPATH", "/env/cas", "VAULT_CLIENT_CERT", "/env/c.pem",
				"VAULT_CLIENT_KEY", "/env/k.pem", "VAULT_SKIP_VERIFY", "true", "VAULT_TLS_SERVER_NAME",
				"env.vault.internal");
		VaultProviderProperties fromEnv = parse(env).properties();
		assertThat(fromEnv.address()).isEqualTo("https://env-vault:8200");
		assertThat(fromEnv.namespace()).isEqualTo("env-ns");
		assertThat(fromEnv.tls().caCertPath()).isEqualTo("/env/ca.pem");
		assertThat(fromEnv.tls().caDirectory()).isEqualTo("/env/cas");
		assertThat(fromEnv.tls().clientCertPath()).isEqualTo("/env/c.pem");
		assertThat(fromEnv.tls().clientKeyPath()).isEqualTo("/env/k.pem");
		assertThat(fromEnv.tls().skipVerify()).isTrue();
		assertThat(fromEnv.tls().serverName()).isEqualTo("env.vault.internal");
		VaultProviderProperties fromFlag = parse(env, "-vault-addr=https://flag-vault:8200",
				"-vault-tls-server-name=flag.vault.internal", "-vault-tls-skip-verify=false", "-vault-namespace=")
			.properties();
		assertThat(fromFlag.address()).isEqualTo("https://flag-vault:8200");
		assertThat(fromFlag.tls().serverName()).isEqualTo("flag.vault.internal");
		assertThat(fromFlag.tls().skipVerify()).isFalse();
		assertThat(fromFlag.namespace()).isEmpty();
	}

	@Test
	void readsTheVersionKeyFromAFileAndNeverPrintsIt(@TempDir Path folder) throws IOException {
		Path file = Files.writeString(folder.resolve("key"), "s3cret-key\n");
		VaultProviderProperties properties = parse(Map.of(), "-version-key-file=" + file).properties();
		assertThat(properties.versionKey()).isEqualTo("s3cret-key");
		assertThat(properties.toString()).doesNotContain("s3cret-key");
	}

	@Test
	void refusesBadValuesNamingTheFlagOrVariable(@TempDir Path folder) {
		assertThatIllegalArgumentException().isThrownBy(() -> parse(Map.of(), "-cache-size=lots"))
			.withMessageContaining("-cache-size");
		assertThatIllegalArgumentException().isThrownBy(() -> parse(Map.of(), "-vault-tls-skip-verify=maybe"))
			.withMessageContaining("-vault-tls-skip-verify");
		assertThatIllegalArgumentException().isThrownBy(() -> parse(Map.of(), "-cache-size=-1").properties())
			.withMessageContaining("client-cache-size");
		assertThatIllegalArgumentException().isThrownBy(() -> parse(Map.of("VAULT_SKIP_VERIFY", "maybe")).properties())
			.withMessage("invalid boolean value \"maybe\" for VAULT_SKIP_VERIFY");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> parse(Map.of(), "-version-key-file=" + folder.resolve("none")).properties())
			.withMessageStartingWith("invalid value for flag -version-key-file: cannot read ");
		assertThatIllegalArgumentException().isThrownBy(() -> parse(Map.of(), "-vault-addr=vault:8200").properties())
			.withMessageContaining("is not an http:// or https:// URL");
	}

	@Test
	void takesAnEmptySkipVerifyVariableAsUnset() {
		assertThat(parse(Map.of("VAULT_SKIP_VERIFY", "")).properties().tls().skipVerify()).isFalse();
	}

	private static VaultPluginMain parse(Map<String, String> env, String... args) {
		VaultPluginMain main = new VaultPluginMain(env);
		main.launcher().flags().parse(args);
		return main;
	}

}
