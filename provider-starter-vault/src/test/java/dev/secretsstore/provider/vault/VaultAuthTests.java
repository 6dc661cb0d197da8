package dev.secretsstore.provider.vault;

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
import dev.secretsstore.provider.SharedKeys;
import dev.secretsstore.provider.vault.VaultTestSupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.secretsstore.provider.vault.VaultTestSupport.CLIENT_TOKEN;
import static dev.secretsstore.provider.vault.VaultTestSupport.JWT;
import static dev.secretsstore.provider.vault.VaultTestSupport.POD_UID;
import static dev.secretsstore.provider.vault.VaultTestSupport.error;
import static dev.secretsstore.provider.vault.VaultTestSupport.kv2;
import static dev.secretsstore.provider.vault.VaultTestSupport.mountRequest;
import static dev.secretsstore.provider.vault.VaultTestSupport.okJson;
import static dev.secretsstore.provider.vault.VaultTestSupport.podContext;
import static dev.secretsstore.provider.vault.VaultTestSupport.stubLogin;
import static dev.secretsstore.provider.vault.VaultTestSupport.stubRead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VaultAuthTests {

	private static final String OBJECTS = "- objectName: pw\n  secretPath: secret/data/shop/db\n  secretKey: password";

	private static final String LOGIN = "/v1/auth/kubernetes/login";

	private final MutableClock clock = new MutableClock();

	private WireMockServer vault;

	private VaultSecretProvider provider;

	@BeforeEach
	void startVault() {
		this.vault = VaultTestSupport.startVault();
		this.provider = new VaultSecretProvider(VaultTestSupport.properties(this.vault.baseUrl()), SharedKeys.NONE,
				this.clock);
		stubLogin(this.vault, "kubernetes", "shop-reader", JWT, CLIENT_TOKEN, 100);
		stubRead(this.vault, "/v1/secret/data/shop/db", CLIENT_TOKEN, kv2("s3cr3t"));
	}

	@AfterEach
	void stopVault() {
		this.vault.stop();
	}

	@Test
	void logsInOnceAndReusesTheTokenAcrossMountsWhileItsLeaseLasts() throws ProviderException {
		mount();
		this.clock.advance(Duration.ofSeconds(85));
		mount();
		this.vault.verify(1, postRequestedFor(urlEqualTo(LOGIN)));
		this.vault.verify(2, getRequestedFor(urlEqualTo("/v1/secret/data/shop/db")));
	}

	@Test
	void logsInAgainWhenMostOfTheLeaseHasPassed() throws ProviderException {
		mount();
		this.clock.advance(Duration.ofSeconds(95));
		mount();
		this.vault.verify(2, postRequestedFor(urlEqualTo(LOGIN)));
	}

	@Test
	void logsInAgainOnceWhenACachedTokenIsRefused() throws ProviderException {
		mount();
		this.vault.stubFor(get(urlEqualTo("/v1/secret/data/shop/db")).inScenario("revoked")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(error(403, "permission-denied.json"))
			.willSetStateTo("refused once"));
		this.vault.stubFor(get(urlEqualTo("/v1/secret/data/shop/db")).inScenario("revoked")
			.whenScenarioStateIs("refused once")
			.withHeader("X-Vault-Token", equalTo(CLIENT_TOKEN))
			.willReturn(okJson(kv2("after-relogin"))));
		assertThat(VaultTestSupport.text(mount().files().get(0).contents())).isEqualTo("after-relogin");
		this.vault.verify(2, postRequestedFor(urlEqualTo(LOGIN)));
	}

	@Test
	void doesNotRetryWhenAFreshTokenIsRefused() {
		this.vault.stubFor(get(urlEqualTo("/v1/secret/data/shop/db")).willReturn(error(403, "permission-denied.json")));
		assertThatExceptionOfType(ProviderException.class).isThrownBy(this::mount)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.PERMISSION_DENIED))
			.withMessageContaining("GET /v1/secret/data/shop/db")
			.withMessageContaining("permission denied");
		this.vault.verify(1, postRequestedFor(urlEqualTo(LOGIN)));
		this.vault.verify(1, getRequestedFor(urlEqualTo("/v1/secret/data/shop/db")));
	}

	@Test
	void neverSharesATokenBetweenPods() throws ProviderException {
		stubLogin(this.vault, "kubernetes", "shop-reader", "jwt-of-other-pod", "hvs.other-pod-token", 100);
		stubRead(this.vault, "/v1/secret/data/shop/db", "hvs.other-pod-token", kv2("other"));
		mount();
		MountRequest other = mountRequest(
				Map.of("roleName", "shop-reader", "vaultAddress", this.vault.baseUrl(), "objects", OBJECTS),
				podContext("9f9f9f9f-1111-2222-3333-444455556666", "vault", "jwt-of-other-pod"));
		assertThat(VaultTestSupport.text(this.provider.mount(other).files().get(0).contents())).isEqualTo("other");
		this.vault.verify(2, postRequestedFor(urlEqualTo(LOGIN)));
	}

	@Test
	void logsInOnEveryMountWithoutACache() throws ProviderException {
		VaultProviderProperties noCache = new VaultProviderProperties(true, this.vault.baseUrl(), null, null, null,
				null, null, 0, null, null, null);
		VaultSecretProvider uncached = new VaultSecretProvider(noCache, SharedKeys.NONE, this.clock);
		uncached.mount(mountRequest(this.vault.baseUrl(), OBJECTS));
		uncached.mount(mountRequest(this.vault.baseUrl(), OBJECTS));
		this.vault.verify(2, postRequestedFor(urlEqualTo(LOGIN)));
	}

	@Test
	void failsWithoutATokenForTheAudienceAndTellsHowToGetOne() {
		MountRequest request = mountRequest(
				Map.of("roleName", "shop-reader", "vaultAddress", this.vault.baseUrl(), "objects", OBJECTS),
				podContext(POD_UID, "sts.amazonaws.com", JWT));
		assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> this.provider.mount(request))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_PARAMETERS))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo("MissingServiceAccountToken"))
			.withMessageContaining("audience 'vault'")
			.withMessageContaining("tokenRequests");
		assertThat(this.vault.getAllServeEvents()).isEmpty();
	}

	@Test
	void takesTheTokensFromTheSecretsWhenKubeletPutsThemThere() throws ProviderException {
		Map<String, String> context = new HashMap<>(podContext(POD_UID, "vault", JWT));
		String tokens = context.remove(MountRequest.SERVICE_ACCOUNT_TOKENS);
		Map<String, String> attributes = new HashMap<>(context);
		attributes.putAll(Map.of("roleName", "shop-reader", "vaultAddress", this.vault.baseUrl(), "objects", OBJECTS));
		MountRequest request = new MountRequest(attributes, Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, tokens),
				"/target", MountRequest.DEFAULT_PERMISSION, List.of());
		assertThat(this.provider.mount(request).files()).hasSize(1);
	}

	private MountResponse mount() throws ProviderException {
		return this.provider.mount(mountRequest(this.vault.baseUrl(), OBJECTS));
	}

}
