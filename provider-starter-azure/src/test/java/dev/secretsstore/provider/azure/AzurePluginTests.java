package dev.secretsstore.provider.azure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.plugin.PluginClient;
import dev.secretsstore.provider.plugin.PluginLauncher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.secretsstore.provider.azure.AzureTestSupport.AAD_TOKEN;
import static dev.secretsstore.provider.azure.AzureTestSupport.SA_JWT;
import static dev.secretsstore.provider.azure.AzureTestSupport.VERSION_1;
import static dev.secretsstore.provider.azure.AzureTestSupport.error;
import static dev.secretsstore.provider.azure.AzureTestSupport.okJson;
import static dev.secretsstore.provider.azure.AzureTestSupport.parameters;
import static dev.secretsstore.provider.azure.AzureTestSupport.secretJson;
import static dev.secretsstore.provider.azure.AzureTestSupport.stubGet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Serves the provider with {@link AzurePluginMain} through the plugin protocol on a real
 * Unix socket.
 */
class AzurePluginTests {

	private WireMockServer server;

	private Path folder;

	private PluginLauncher.Plugin plugin;

	private PluginClient client;

	@BeforeEach
	void serve() throws IOException {
		this.server = AzureTestSupport.startServer();
		AzureTestSupport.stubChallenge(this.server);
		AzureTestSupport.stubWorkloadIdentityToken(this.server, SA_JWT, AAD_TOKEN);
		// JUnit's temporary folders can push a socket path past the 107 bytes a Unix
		// socket allows
		this.folder = Files.createTempDirectory(Path.of("/tmp"), "az");
		String base = AzureTestSupport.baseUrl(this.server);
		this.plugin = new AzurePluginMain().start("--endpoint=unix://" + this.folder.resolve("azure.sock"),
				"--vault-url-template", base, "--authority-host", base, "--ca-cert-path",
				AzureTestSupport.resourcePath("tls/keyvault-ca.pem").toString());
		this.client = new PluginClient("azure", this.plugin.server().socket());
	}

	@AfterEach
	void stop() throws IOException {
		this.client.close();
		this.plugin.close();
		Files.deleteIfExists(this.folder.resolve("azure.sock"));
		Files.deleteIfExists(this.folder);
		this.server.stop();
	}

	@Test
	void mountsThroughThePluginProtocol() throws ProviderException {
		stubGet(this.server, "secrets", "db-password", "", AAD_TOKEN,
				okJson(secretJson(this.server, "db-password", VERSION_1, "over-the-socket")));
		MountResponse response = this.client.mount(AzureTestSupport
			.workloadIdentityRequest(parameters("objectName: db-password\nobjectType: secret\nfilePermission: 0600")));
		assertThat(response.files()).containsExactly(new SecretFile("db-password", 0600, "over-the-socket".getBytes()));
		assertThat(response.objectVersions()).containsExactly(new ObjectVersion("secret/db-password", VERSION_1));
		assertThat(this.client.checkVersion().runtimeName()).isEqualTo("azure-csi-provider-java");
	}

	@Test
	void keepsTheKindOfAFailureAcrossTheSocket() {
		stubGet(this.server, "secrets", "db-password", "", AAD_TOKEN, error(404, "SecretNotFound"));
		ProviderException ex = catchThrowableOfType(ProviderException.class, () -> this.client.mount(
				AzureTestSupport.workloadIdentityRequest(parameters("objectName: db-password\nobjectType: secret"))));
		assertThat(ex.reason()).isEqualTo(Reason.NOT_FOUND);
		assertThat(ex.getMessage()).contains("secret 'db-password'");
	}

}
