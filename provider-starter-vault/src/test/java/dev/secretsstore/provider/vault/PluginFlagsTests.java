package dev.secretsstore.provider.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PluginFlagsTests {

	@Test
	void defaultsAsTheGoProviderDoes() {
		PluginFlags flags = PluginFlags.parse(new String[0], Map.of());
		assertThat(flags.endpoint()).isEqualTo(Path.of("/tmp/vault.sock"));
		assertThat(flags.properties().address()).isEqualTo("https://127.0.0.1:8200");
		assertThat(flags.properties().authMountPath()).isEqualTo("kubernetes");
		assertThat(flags.properties().clientCacheSize()).isEqualTo(1000);
		assertThat(flags.printVersion()).isFalse();
	}

	@Test
	void readsGoFlagSyntaxAndIgnoresFlagsThatMeanNothingHere() {
		PluginFlags flags = PluginFlags.parse(new String[] { "--endpoint=/provider/vault.sock", "-vault-addr",
				"http://vault:8200", "-vault-mount=jwt", "-cache-size=0", "-vault-tls-skip-verify", "-debug",
				"-log-level=debug", "-health-addr", ":8080", "-hmac-secret-name=vault-csi-provider-hmac-key",
				"-vault-tls-server-name", "vault.internal" }, Map.of());
		assertThat(flags.endpoint()).isEqualTo(Path.of("/provider/vault.sock"));
		assertThat(flags.properties().address()).isEqualTo("http://vault:8200");
		assertThat(flags.properties().authMountPath()).isEqualTo("jwt");
		assertThat(flags.properties().clientCacheSize()).isZero();
		assertThat(flags.properties().tls().skipVerify()).isTrue();
		assertThat(flags.properties().tls().toVaultTls().serverName()).isEqualTo("vault.internal");
	}

	@Test
	void fallsBackToTheVaultEnvironmentVariablesAndLetsFlagsWin() {
		Map<String, String> env = Map.of("VAULT_ADDR", "https://env-vault:8200", "VAULT_NAMESPACE", "env-ns",
				"VAULT_CACERT", "/env/ca.pem", "VAULT_SKIP_VERIFY", "false", "VAULT_TLS_SERVER_NAME",
				"env.vault.internal");
		PluginFlags fromEnv = PluginFlags.parse(new String[0], env);
		assertThat(fromEnv.properties().address()).isEqualTo("https://env-vault:8200");
		assertThat(fromEnv.properties().namespace()).isEqualTo("env-ns");
		assertThat(fromEnv.properties().tls().caCertPath()).isEqualTo("/env/ca.pem");
		assertThat(fromEnv.properties().tls().serverName()).isEqualTo("env.vault.internal");
		PluginFlags fromFlag = PluginFlags.parse(
				new String[] { "-vault-addr=https://flag-vault:8200", "-vault-tls-server-name=flag.vault.internal" },
				env);
		assertThat(fromFlag.properties().address()).isEqualTo("https://flag-vault:8200");
		assertThat(fromFlag.properties().tls().serverName()).isEqualTo("flag.vault.internal");
	}

	@Test
	void readsTheVersionKeyFromAFileAndNeverPrintsIt(@TempDir Path folder) throws IOException {
		Path file = Files.writeString(folder.resolve("key"), "s3cret-key\n");
		PluginFlags flags = PluginFlags.parse(new String[] { "-version-key-file=" + file }, Map.of());
		assertThat(flags.properties().versionKey()).isEqualTo("s3cret-key");
		assertThat(flags.toString()).doesNotContain("s3cret-key");
	}

	@Test
	void refusesUnknownFlagsMissingValuesAndBadValues() {
		assertThatIllegalArgumentException().isThrownBy(() -> PluginFlags.parse(new String[] { "-nope" }, Map.of()))
			.withMessageContaining("-nope");
		assertThatIllegalArgumentException().isThrownBy(() -> PluginFlags.parse(new String[] { "-endpoint" }, Map.of()))
			.withMessageContaining("needs an argument");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PluginFlags.parse(new String[] { "-cache-size=lots" }, Map.of()))
			.withMessageContaining("-cache-size");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PluginFlags.parse(new String[] { "-vault-tls-skip-verify=maybe" }, Map.of()))
			.withMessageContaining("-vault-tls-skip-verify");
		assertThatIllegalArgumentException().isThrownBy(() -> PluginFlags.parse(new String[] { "serve" }, Map.of()))
			.withMessageContaining("unexpected argument");
	}

}
