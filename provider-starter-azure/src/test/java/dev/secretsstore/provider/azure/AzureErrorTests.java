package dev.secretsstore.provider.azure;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.RetryableProviderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.secretsstore.provider.azure.AzureTestSupport.AAD_TOKEN;
import static dev.secretsstore.provider.azure.AzureTestSupport.SA_JWT;
import static dev.secretsstore.provider.azure.AzureTestSupport.SP_SECRET;
import static dev.secretsstore.provider.azure.AzureTestSupport.TENANT;
import static dev.secretsstore.provider.azure.AzureTestSupport.VERSION_1;
import static dev.secretsstore.provider.azure.AzureTestSupport.error;
import static dev.secretsstore.provider.azure.AzureTestSupport.okJson;
import static dev.secretsstore.provider.azure.AzureTestSupport.parameters;
import static dev.secretsstore.provider.azure.AzureTestSupport.secretJson;
import static dev.secretsstore.provider.azure.AzureTestSupport.stubGet;
import static dev.secretsstore.provider.azure.AzureTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Turns Key Vault and Entra ID failures into the right provider failure, retryable or
 * not, without leaking secrets.
 */
class AzureErrorTests {

	private static final Map<String, String> DB_PASSWORD = parameters("objectName: db-password\nobjectType: secret");

	private WireMockServer server;

	@BeforeEach
	void start() {
		this.server = AzureTestSupport.startServer();
		AzureTestSupport.stubChallenge(this.server);
		AzureTestSupport.stubWorkloadIdentityToken(this.server, SA_JWT, AAD_TOKEN);
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void aMissingSecretIsNotFoundAndNamesTheObject() {
		stubGet(this.server, "secrets", "db-password", "", AAD_TOKEN, error(404, "SecretNotFound"));
		ProviderException ex = mountFails(3, AzureTestSupport.workloadIdentityRequest(DB_PASSWORD));
		assertThat(ex.reason()).isEqualTo(Reason.NOT_FOUND);
		assertThat(ex.isRetryable()).isFalse();
		assertThat(ex.getMessage()).isEqualTo("Key Vault answered HTTP 404 for secret 'db-password' in vault 'kvname'")
			.doesNotContain(SA_JWT, AAD_TOKEN);
	}

	@Test
	void aForbiddenSecretIsPermissionDenied() {
		stubGet(this.server, "secrets", "db-password", "", AAD_TOKEN, error(403, "Forbidden"));
		ProviderException ex = mountFails(3, AzureTestSupport.workloadIdentityRequest(DB_PASSWORD));
		assertThat(ex.reason()).isEqualTo(Reason.PERMISSION_DENIED);
		assertThat(ex.getMessage()).contains("HTTP 403", "secret 'db-password'");
	}

	@Test
	void theSdkRetriesAThrottledReadAfterRetryAfterAndTheMountSucceeds() throws ProviderException {
		this.server.stubFor(get(urlPathMatching("/secrets/db-password/?")).inScenario("throttle")
			.whenScenarioStateIs(Scenario.STARTED)
			.withHeader("Authorization", equalTo("Bearer " + AAD_TOKEN))
			.willReturn(error(429, "Throttled").withHeader("Retry-After", "0"))
			.willSetStateTo("calm"));
		this.server.stubFor(get(urlPathMatching("/secrets/db-password/?")).inScenario("throttle")
			.whenScenarioStateIs("calm")
			.withHeader("Authorization", equalTo("Bearer " + AAD_TOKEN))
			.willReturn(okJson(secretJson(this.server, "db-password", VERSION_1, "after-the-wait"))));
		MountResponse response = new AzureSecretProvider(AzureTestSupport.properties(this.server, 3))
			.mount(AzureTestSupport.workloadIdentityRequest(DB_PASSWORD));
		assertThat(text(response.files().get(0).contents())).isEqualTo("after-the-wait");
		this.server.verify(2, getRequestedFor(urlPathMatching("/secrets/db-password/?")).withHeader("Authorization",
				equalTo("Bearer " + AAD_TOKEN)));
	}

	@Test
	void aReadStillThrottledAfterTheRetriesIsRetryableWithTheStoresWait() {
		stubGet(this.server, "secrets", "db-password", "", AAD_TOKEN,
				error(429, "Throttled").withHeader("Retry-After", "7"));
		ProviderException ex = mountFails(0, AzureTestSupport.workloadIdentityRequest(DB_PASSWORD));
		assertThat(ex).isInstanceOf(RetryableProviderException.class);
		assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE);
		assertThat(ex.errorCode()).isEqualTo("Throttled");
		assertThat(((RetryableProviderException) ex).retryAfter()).contains(Duration.ofSeconds(7));
		assertThat(((RetryableProviderException) ex).isThrottled()).isTrue();
		this.server.verify(1, getRequestedFor(urlPathMatching("/secrets/db-password/?")).withHeader("Authorization",
				equalTo("Bearer " + AAD_TOKEN)));
	}

	@Test
	void aServerErrorIsRetryable() {
		stubGet(this.server, "secrets", "db-password", "", AAD_TOKEN, error(503, "ServiceUnavailable"));
		ProviderException ex = mountFails(0, AzureTestSupport.workloadIdentityRequest(DB_PASSWORD));
		assertThat(ex).isInstanceOf(RetryableProviderException.class);
		assertThat(ex.errorCode()).isEqualTo("KeyVaultUnavailable");
	}

	@Test
	void anUnreachableVaultIsRetryable() {
		AzureProviderProperties unreachable = new AzureProviderProperties(true, "https://localhost:1",
				AzureTestSupport.baseUrl(this.server), Duration.ofSeconds(2), Duration.ofSeconds(2), 0, 1000, null,
				AzureTestSupport.resourcePath("tls/keyvault-ca.pem").toString());
		ProviderException ex = catchThrowableOfType(ProviderException.class, () -> new AzureSecretProvider(unreachable)
			.mount(AzureTestSupport.workloadIdentityRequest(DB_PASSWORD)));
		assertThat(ex).isInstanceOf(RetryableProviderException.class);
		assertThat(ex.getMessage()).contains("cannot reach Key Vault or Entra ID for secret 'db-password'");
	}

	@Test
	void aMissingWorkloadIdentityTokenIsReportedBeforeAnyCall() {
		Map<String, String> attributes = new HashMap<>(DB_PASSWORD);
		attributes.put("clientID", AzureTestSupport.CLIENT_ID);
		attributes.putAll(AzureTestSupport.podContext(null));
		ProviderException ex = mountFails(3,
				new MountRequest(attributes, Map.of(), "/target", MountRequest.DEFAULT_PERMISSION, List.of()));
		assertThat(ex.reason()).isEqualTo(Reason.PERMISSION_DENIED);
		assertThat(ex.getMessage()).contains("no service-account token for audience api://AzureADTokenExchange",
				"tokenRequests");
		this.server.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void noCredentialAtAllIsReported() {
		Map<String, String> attributes = new HashMap<>(DB_PASSWORD);
		ProviderException ex = mountFails(3,
				new MountRequest(attributes, Map.of(), "/target", MountRequest.DEFAULT_PERMISSION, List.of()));
		assertThat(ex.reason()).isEqualTo(Reason.PERMISSION_DENIED);
		assertThat(ex.getMessage()).contains("nodePublishSecretRef", "clientid", "clientsecret");
	}

	@Test
	void aRejectedClientSecretIsPermissionDeniedWithoutTheSecret() {
		this.server.stubFor(post(urlEqualTo("/" + TENANT + "/oauth2/v2.0/token")).atPriority(1)
			.willReturn(aResponse().withStatus(401)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client "
						+ "secret provided.\",\"error_codes\":[7000215]}")));
		ProviderException ex = mountFails(0, AzureTestSupport.servicePrincipalRequest(DB_PASSWORD));
		assertThat(ex.reason()).isEqualTo(Reason.PERMISSION_DENIED);
		assertThat(ex.getMessage()).contains("Entra ID", "invalid_client", "secret 'db-password'")
			.doesNotContain(SP_SECRET);
		this.server.verify(0, getRequestedFor(urlPathMatching("/secrets/.*")).withHeader("Authorization",
				equalTo("Bearer " + AAD_TOKEN)));
	}

	@Test
	void aVaultInAnotherTenantIsPermissionDenied() {
		this.server.stubFor(any(urlPathMatching("/secrets/.*")).atPriority(0)
			.withHeader("Authorization", absent())
			.willReturn(aResponse().withStatus(401)
				.withHeader("WWW-Authenticate", "Bearer authorization=\"" + AzureTestSupport.baseUrl(this.server)
						+ "/other-tenant\", resource=\"https://vault.azure.net\"")));
		ProviderException ex = mountFails(0, AzureTestSupport.workloadIdentityRequest(DB_PASSWORD));
		assertThat(ex.reason()).isEqualTo(Reason.PERMISSION_DENIED);
		assertThat(ex.getMessage()).contains("cannot get an Entra ID token for secret 'db-password'");
		this.server.verify(0, postRequestedFor(anyUrl()));
	}

	private ProviderException mountFails(int maxRetries, MountRequest request) {
		AzureSecretProvider provider = new AzureSecretProvider(AzureTestSupport.properties(this.server, maxRetries));
		return catchThrowableOfType(ProviderException.class, () -> provider.mount(request));
	}

}
