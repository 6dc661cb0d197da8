package dev.secretsstore.provider.vault;

import java.net.ServerSocket;
import java.time.Duration;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.RetryableProviderException;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.secretsstore.provider.vault.VaultTestSupport.CLIENT_TOKEN;
import static dev.secretsstore.provider.vault.VaultTestSupport.JWT;
import static dev.secretsstore.provider.vault.VaultTestSupport.error;
import static dev.secretsstore.provider.vault.VaultTestSupport.kv2;
import static dev.secretsstore.provider.vault.VaultTestSupport.mountRequest;
import static dev.secretsstore.provider.vault.VaultTestSupport.okJson;
import static dev.secretsstore.provider.vault.VaultTestSupport.stubRead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class VaultErrorTests extends LoggedInVaultTests {

	private static final String DB = "/v1/secret/data/shop/db";

	private static final String OBJECTS = "- objectName: pw\n  secretPath: secret/data/shop/db\n  secretKey: password";

	@Test
	void reportsAMissingSecretAsNotFoundNamingThePath() {
		this.vault.stubFor(get(urlEqualTo(DB)).willReturn(error(404, "not-found.json")));
		ProviderException ex = mountFails(OBJECTS);
		assertThat(ex.reason()).isEqualTo(Reason.NOT_FOUND);
		assertThat(ex.getMessage()).contains("GET /v1/secret/data/shop/db", "object 'pw'", "HTTP 404");
	}

	@Test
	void reportsAMissingKeyAsNotFoundNamingKeyAndPath() {
		stubRead(this.vault, DB, CLIENT_TOKEN, kv2("s3cr3t"));
		ProviderException ex = mountFails(OBJECTS.replace("password", "passwd"));
		assertThat(ex.reason()).isEqualTo(Reason.NOT_FOUND);
		assertThat(ex.getMessage()).contains("key 'passwd' does not exist", "secret/data/shop/db");
	}

	@Test
	void reportsThrottlingAsRetryableWithRetryAfterAndSucceedsOnTheNextTry() throws ProviderException {
		this.vault.stubFor(get(urlEqualTo(DB)).inScenario("quota")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(error(429, "throttled.json").withHeader("Retry-After", "7"))
			.willSetStateTo("recovered"));
		this.vault.stubFor(get(urlEqualTo(DB)).inScenario("quota")
			.whenScenarioStateIs("recovered")
			.willReturn(okJson(kv2("s3cr3t"))));
		ProviderException ex = mountFails(OBJECTS);
		assertThat(ex).isInstanceOf(RetryableProviderException.class);
		assertThat(ex.errorCode()).isEqualTo("VaultThrottled");
		assertThat(((RetryableProviderException) ex).retryAfter()).contains(Duration.ofSeconds(7));
		assertThat(((RetryableProviderException) ex).isThrottled()).isTrue();
		assertThat(ex.getMessage()).contains("rate limit quota exceeded");
		assertThat(this.provider.mount(mountRequest(this.vault.baseUrl(), OBJECTS)).files()).hasSize(1);
	}

	@Test
	void reportsASealedVaultAsRetryable() {
		this.vault.stubFor(get(urlEqualTo(DB)).willReturn(error(503, "sealed.json")));
		ProviderException ex = mountFails(OBJECTS);
		assertThat(ex.isRetryable()).isTrue();
		assertThat(ex.getMessage()).contains("Vault is sealed");
	}

	@Test
	void reportsAnUnreachableVaultAsRetryable() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		ProviderException ex = mountFails("http://127.0.0.1:" + port, OBJECTS);
		assertThat(ex.isRetryable()).isTrue();
		assertThat(ex.getMessage()).contains("Vault did not answer", "login");
	}

	@Test
	void reportsARefusedRoleAsInvalidParametersWithVaultsReason() {
		this.vault.stubFor(post(urlEqualTo("/v1/auth/kubernetes/login")).willReturn(error(400, "invalid-role.json")));
		ProviderException ex = mountFails(OBJECTS);
		assertThat(ex.reason()).isEqualTo(Reason.INVALID_PARAMETERS);
		assertThat(ex.errorCode()).isEqualTo("VaultLoginFailed");
		assertThat(ex.getMessage()).contains("role 'shop-reader'", "invalid role name");
	}

	@Test
	void reportsARefusedLoginAsPermissionDeniedAndAMissingMountAsInvalid() {
		this.vault
			.stubFor(post(urlEqualTo("/v1/auth/kubernetes/login")).willReturn(error(403, "permission-denied.json")));
		assertThat(mountFails(OBJECTS).reason()).isEqualTo(Reason.PERMISSION_DENIED);
		this.vault.stubFor(post(urlEqualTo("/v1/auth/kubernetes/login")).willReturn(error(404, "not-found.json")));
		ProviderException ex = mountFails(OBJECTS);
		assertThat(ex.reason()).isEqualTo(Reason.INVALID_PARAMETERS);
		assertThat(ex.getMessage()).contains("no auth method at auth/kubernetes", "vaultKubernetesMountPath");
	}

	@Test
	void reportsAValueThatDoesNotDecodeWithoutQuotingIt() {
		stubRead(this.vault, DB, CLIENT_TOKEN, kv2("not*base64!"));
		ProviderException ex = mountFails(OBJECTS + "\n  encoding: base64");
		assertThat(ex.errorCode()).isEqualTo("VaultDecodeFailed");
		assertThat(ex.getMessage()).contains("is not valid base64").doesNotContain("not*base64!");
	}

	@Test
	void reportsAnAnswerWithoutDataOrJson() {
		this.vault.stubFor(get(urlEqualTo(DB)).willReturn(okJson("{\"data\":null,\"warnings\":[\"no value\"]}")));
		assertThat(mountFails(OBJECTS).getMessage()).contains("without data", "no value");
		this.vault.stubFor(get(urlEqualTo(DB)).willReturn(okJson("<html>proxy error</html>")));
		assertThat(mountFails(OBJECTS).getMessage()).contains("no JSON object");
	}

	@Test
	void neverPutsTokensInMessages() {
		this.vault.stubFor(get(urlEqualTo(DB)).willReturn(error(403, "permission-denied.json")));
		assertThat(mountFails(OBJECTS).getMessage()).doesNotContain(JWT, CLIENT_TOKEN);
	}

	private ProviderException mountFails(String objects) {
		return mountFails(this.vault.baseUrl(), objects);
	}

	private ProviderException mountFails(String address, String objects) {
		return catchThrowableOfType(ProviderException.class, () -> this.provider.mount(mountRequest(address, objects)));
	}

}
