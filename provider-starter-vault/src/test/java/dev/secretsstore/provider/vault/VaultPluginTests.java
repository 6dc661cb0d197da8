package dev.secretsstore.provider.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.plugin.PluginClient;
import dev.secretsstore.provider.plugin.PluginLauncher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.secretsstore.provider.vault.VaultTestSupport.CLIENT_TOKEN;
import static dev.secretsstore.provider.vault.VaultTestSupport.JWT;
import static dev.secretsstore.provider.vault.VaultTestSupport.error;
import static dev.secretsstore.provider.vault.VaultTestSupport.kv2;
import static dev.secretsstore.provider.vault.VaultTestSupport.mountRequest;
import static dev.secretsstore.provider.vault.VaultTestSupport.stubLogin;
import static dev.secretsstore.provider.vault.VaultTestSupport.stubRead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Serves the provider with {@link VaultPluginMain} on a real Unix socket and mounts
 * through the plugin protocol, as the Go driver would.
 */
class VaultPluginTests {

	private static final String OBJECTS = "- objectName: pw\n  secretPath: secret/data/shop/db\n  secretKey: password\n"
			+ "  filePermission: 0600";

	private WireMockServer vault;

	private Path folder;

	private PluginLauncher.Plugin plugin;

	private PluginClient client;

	@BeforeEach
	void serve() throws IOException {
		this.vault = VaultTestSupport.startVault();
		stubLogin(this.vault, "kubernetes", "shop-reader", JWT, CLIENT_TOKEN, 3600);
		// JUnit's temporary folders can push a socket path past the 107 bytes a Unix
		// socket allows
		this.folder = Files.createTempDirectory(Path.of("/tmp"), "vp");
		this.plugin = new VaultPluginMain(Map.of()).start("-endpoint=" + this.folder.resolve("vault.sock"),
				"-vault-addr", this.vault.baseUrl());
		this.client = new PluginClient("vault", this.plugin.server().socket());
	}

	@AfterEach
	void stop() throws IOException {
		this.client.close();
		this.plugin.close();
		Files.deleteIfExists(this.folder.resolve("vault.sock"));
		Files.deleteIfExists(this.folder);
		this.vault.stop();
	}

	@Test
	void mountsThroughThePluginProtocolWithTheFlagsAddress() throws ProviderException {
		stubRead(this.vault, "/v1/secret/data/shop/db", CLIENT_TOKEN, kv2("over-the-socket"));
		Map<String, String> parameters = Map.of("roleName", "shop-reader", "objects", OBJECTS);
		MountResponse response = this.client
			.mount(mountRequest(parameters, VaultTestSupport.podContext(VaultTestSupport.POD_UID, "vault", JWT)));
		assertThat(response.files()).containsExactly(new SecretFile("pw", 0600, "over-the-socket".getBytes()));
		assertThat(response.objectVersions()).singleElement().satisfies((version) -> {
			assertThat(version.id()).isEqualTo("pw");
			// a plugin has no Kubernetes API to keep the Go provider's key in: no version
			// without -version-key-file
			assertThat(version.version()).isEmpty();
		});
		assertThat(this.client.checkVersion().runtimeName()).isEqualTo("vault-csi-provider-java");
	}

	@Test
	void keepsTheKindOfAFailureAcrossTheSocket() {
		this.vault.stubFor(get(urlEqualTo("/v1/secret/data/shop/db")).willReturn(error(404, "not-found.json")));
		ProviderException ex = catchThrowableOfType(ProviderException.class,
				() -> this.client.mount(mountRequest(this.vault.baseUrl(), OBJECTS)));
		assertThat(ex.reason()).isEqualTo(Reason.NOT_FOUND);
		assertThat(ex.getMessage()).contains("secret/data/shop/db");
	}

}
