package dev.secretsstore.provider.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.SharedKeys;
import dev.secretsstore.provider.vault.VaultTestSupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.secretsstore.provider.vault.VaultTestSupport.CLIENT_TOKEN;
import static dev.secretsstore.provider.vault.VaultTestSupport.JWT;
import static dev.secretsstore.provider.vault.VaultTestSupport.POD_UID;
import static dev.secretsstore.provider.vault.VaultTestSupport.error;
import static dev.secretsstore.provider.vault.VaultTestSupport.kv2;
import static dev.secretsstore.provider.vault.VaultTestSupport.login;
import static dev.secretsstore.provider.vault.VaultTestSupport.okJson;
import static dev.secretsstore.provider.vault.VaultTestSupport.podContext;
import static dev.secretsstore.provider.vault.VaultTestSupport.resource;
import static dev.secretsstore.provider.vault.VaultTestSupport.stubLogin;
import static dev.secretsstore.provider.vault.VaultTestSupport.stubRead;
import static dev.secretsstore.provider.vault.VaultTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dynamic secrets against a Vault double that issues a new database user on every read of
 * {@code database/creds/shop-app} and renews leases at {@code sys/leases/renew}, as Vault
 * documents both: a volume keeps its credential while the lease can be renewed, and gets
 * a new one only when it cannot.
 */
class VaultLeaseTests {

	private static final String CREDS = "/v1/database/creds/shop-app";

	private static final String RENEW = "/v1/sys/leases/renew";

	private static final String OBJECTS = """
			- objectName: db-username
			  secretPath: database/creds/shop-app
			  secretKey: username
			- objectName: db-password
			  secretPath: database/creds/shop-app
			  secretKey: password
			- objectName: db-lease
			  secretPath: database/creds/shop-app
			""";

	private static final String POD_B_UID = "7d2e9a41-8b3c-4f5d-a6e7-1f2a3b4c5d6e";

	private static final String POD_B_JWT = "eyJhbGciOiJSUzI1NiJ9.pod-web-b.c2lnbmF0dXJl";

	private static final String POD_B_TOKEN = "hvs.CAESIJ-pod-b-client-token";

	private final MutableClock clock = new MutableClock();

	private final Instant start = this.clock.instant();

	private WireMockServer vault;

	private VaultSecretProvider provider;

	@BeforeEach
	void startVault() {
		this.vault = VaultTestSupport.startVault();
		this.provider = new VaultSecretProvider(new VaultProviderProperties(true, this.vault.baseUrl(), null, null,
				null, Duration.ofSeconds(2), Duration.ofSeconds(5), 1000, null, "test-version-key", null),
				SharedKeys.NONE, this.clock);
		// a token that outlives every lease here, unless a test says otherwise
		stubLogin(this.vault, "kubernetes", "shop-reader", JWT, CLIENT_TOKEN, 86400);
	}

	@AfterEach
	void stopVault() {
		this.vault.stop();
	}

	@Test
	void renewsARenewableLeaseInsteadOfIssuingANewCredentialAndMountsTheSameBytes() throws ProviderException {
		stubIssues(CLIENT_TOKEN, true, "v-shop-1", "v-shop-2");
		stubRenewal(CLIENT_TOKEN, "v-shop-1", okJson(renewal("v-shop-1", true, 3600)));
		MountResponse issued = mount();
		assertThat(issued.perPod()).isTrue();
		assertThat(issued.leaseExpiries()).containsOnlyKeys("db-username", "db-password", "db-lease")
			.containsValue(this.start.plus(Duration.ofHours(1)));

		this.clock.advance(Duration.ofMinutes(2));
		MountResponse early = mount();
		this.vault.verify(0, putRequestedFor(urlEqualTo(RENEW)));

		this.clock.advance(Duration.ofMinutes(19));
		MountResponse renewed = mount();

		this.vault.verify(1, getRequestedFor(urlEqualTo(CREDS)));
		this.vault.verify(1, putRequestedFor(urlEqualTo(RENEW)));
		assertThat(username(renewed)).isEqualTo("v-shop-1");
		assertThat(renewed.files()).as("the whole answer too, lease_duration and all")
			.isEqualTo(issued.files())
			.isEqualTo(early.files());
		assertThat(renewed.objectVersions()).isEqualTo(issued.objectVersions());
		assertThat(renewed.leaseExpiries()).containsEntry("db-password",
				this.start.plus(Duration.ofMinutes(21)).plus(Duration.ofHours(1)));
	}

	@Test
	void issuesANewCredentialWhenRenewalsComeBackShortNearTheMaxTtl() throws ProviderException {
		stubIssues(CLIENT_TOKEN, true, "v-shop-1", "v-shop-2");
		// max_ttl reached in 10 minutes: less than a third of the hour asked for
		stubRenewal(CLIENT_TOKEN, "v-shop-1", okJson(renewal("v-shop-1", true, 600)));
		mount();

		this.clock.advance(Duration.ofMinutes(21));
		MountResponse replaced = mount();

		this.vault.verify(1, putRequestedFor(urlEqualTo(RENEW)));
		this.vault.verify(2, getRequestedFor(urlEqualTo(CREDS)));
		assertThat(username(replaced)).isEqualTo("v-shop-2");
		assertThat(replaced.leaseExpiries()).containsEntry("db-username",
				this.start.plus(Duration.ofMinutes(21)).plus(Duration.ofHours(1)));
	}

	@Test
	void keepsANonRenewableLeaseUntilAThirdOfItIsLeftThenIssuesANewOne() throws ProviderException {
		stubIssues(CLIENT_TOKEN, false, "v-shop-1", "v-shop-2");
		mount();

		this.clock.advance(Duration.ofMinutes(20));
		assertThat(username(mount())).isEqualTo("v-shop-1");
		this.clock.advance(Duration.ofMinutes(19));
		assertThat(username(mount())).isEqualTo("v-shop-1");
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(username(mount())).isEqualTo("v-shop-2");

		this.vault.verify(0, putRequestedFor(urlEqualTo(RENEW)));
		this.vault.verify(2, getRequestedFor(urlEqualTo(CREDS)));
	}

	@Test
	void refreshesFurtherApartThanAThirdOfTheLeaseReplaceItBeforeItCanRunOutBetweenThem() throws ProviderException {
		stubIssues(CLIENT_TOKEN, false, "v-shop-1", "v-shop-2");
		mount();

		// 25 minutes left, but the last refresh was 35 minutes ago: the next may come
		// after the lease has ended
		this.clock.advance(Duration.ofMinutes(35));

		assertThat(username(mount())).isEqualTo("v-shop-2");
	}

	@Test
	void issuesANewCredentialWhenVaultRefusesTheRenewal() throws ProviderException {
		stubIssues(CLIENT_TOKEN, true, "v-shop-1", "v-shop-2");
		stubRenewal(CLIENT_TOKEN, "v-shop-1", error(400, "lease-not-found.json"));
		mount();

		this.clock.advance(Duration.ofMinutes(21));

		assertThat(username(mount())).isEqualTo("v-shop-2");
		this.vault.verify(2, getRequestedFor(urlEqualTo(CREDS)));
	}

	@Test
	void aVaultThatCannotRenewForNowLeavesTheCredentialUntilItsEnd() throws ProviderException {
		stubIssues(CLIENT_TOKEN, true, "v-shop-1", "v-shop-2");
		stubRenewal(CLIENT_TOKEN, "v-shop-1", error(503, "sealed.json"));
		mount();

		this.clock.advance(Duration.ofMinutes(21));
		MountResponse kept = mount();

		assertThat(username(kept)).isEqualTo("v-shop-1");
		assertThat(kept.leaseExpiries()).containsEntry("db-username", this.start.plus(Duration.ofHours(1)));
		this.vault.verify(1, getRequestedFor(urlEqualTo(CREDS)));
		this.vault.verify(1, putRequestedFor(urlEqualTo(RENEW)));
	}

	@Test
	void eachPodGetsItsOwnCredentialAndRenewsItWithItsOwnToken() throws ProviderException {
		stubLogin(this.vault, "kubernetes", "shop-reader", POD_B_JWT, POD_B_TOKEN, 86400);
		stubIssues(CLIENT_TOKEN, true, "v-shop-a1", "v-shop-a2");
		stubIssues(POD_B_TOKEN, true, "v-shop-b1", "v-shop-b2");
		stubRenewal(CLIENT_TOKEN, "v-shop-a1", okJson(renewal("v-shop-a1", true, 3600)));
		stubRenewal(POD_B_TOKEN, "v-shop-b1", okJson(renewal("v-shop-b1", true, 3600)));
		assertThat(username(mount())).isEqualTo("v-shop-a1");
		assertThat(username(mountPodB())).isEqualTo("v-shop-b1");

		this.clock.advance(Duration.ofMinutes(21));

		assertThat(username(mount())).isEqualTo("v-shop-a1");
		assertThat(username(mountPodB())).isEqualTo("v-shop-b1");
		this.vault.verify(1, putRequestedFor(urlEqualTo(RENEW)).withHeader("X-Vault-Token", equalTo(CLIENT_TOKEN))
			.withRequestBody(equalToJson("{\"lease_id\":\"" + leaseId("v-shop-a1") + "\"}", true, true)));
		this.vault.verify(1, putRequestedFor(urlEqualTo(RENEW)).withHeader("X-Vault-Token", equalTo(POD_B_TOKEN))
			.withRequestBody(equalToJson("{\"lease_id\":\"" + leaseId("v-shop-b1") + "\"}", true, true)));
		assertThat(this.provider.leaseCount()).isEqualTo(2);
	}

	@Test
	void aLeaseEndsWithTheTokenThatReadItSoANewLoginReadsANewCredential() throws ProviderException {
		this.vault.resetAll();
		String first = "hvs.CAESIJ-token-of-the-first-hour";
		String second = "hvs.CAESIJ-token-of-the-second-hour";
		this.vault.stubFor(post(urlEqualTo("/v1/auth/kubernetes/login")).inScenario("logins")
			.whenScenarioStateIs(Scenario.STARTED)
			.willSetStateTo("second")
			.willReturn(okJson(login(first, 3600))));
		this.vault.stubFor(post(urlEqualTo("/v1/auth/kubernetes/login")).inScenario("logins")
			.whenScenarioStateIs("second")
			.willReturn(okJson(login(second, 3600))));
		stubIssues(first, true, "v-shop-1");
		stubIssues(second, true, "v-shop-2");
		stubRenewal(first, "v-shop-1", okJson(renewal("v-shop-1", true, 3600)));
		mount();

		this.clock.advance(Duration.ofMinutes(21));
		MountResponse renewed = mount();
		assertThat(username(renewed)).isEqualTo("v-shop-1");
		assertThat(renewed.leaseExpiries()).as("Vault revokes the lease with the token")
			.containsEntry("db-username", this.start.plus(Duration.ofHours(1)));

		this.clock.advance(Duration.ofMinutes(20));
		MountResponse replaced = mount();

		assertThat(username(replaced)).isEqualTo("v-shop-2");
		assertThat(replaced.leaseExpiries()).containsEntry("db-username",
				this.start.plus(Duration.ofMinutes(41)).plus(Duration.ofHours(1)));
		this.vault.verify(2, postRequestedFor(urlEqualTo("/v1/auth/kubernetes/login")));
	}

	@Test
	void staticSecretsAreReadOnEveryMountHoldNoLeaseAndMayBeShared() throws ProviderException {
		stubRead(this.vault, "/v1/secret/data/shop/db", CLIENT_TOKEN, kv2("s3cr3t"));
		String objects = """
				- objectName: db-password
				  secretPath: secret/data/shop/db
				  secretKey: password
				""";
		MountResponse first = this.provider.mount(request(POD_UID, JWT, objects));
		this.clock.advance(Duration.ofMinutes(30));
		MountResponse second = this.provider.mount(request(POD_UID, JWT, objects));

		assertThat(List.of(first, second)).allSatisfy((response) -> {
			assertThat(response.perPod()).isFalse();
			assertThat(response.leaseExpiries()).isEmpty();
		});
		assertThat(this.provider.leaseCount()).isZero();
		this.vault.verify(2, getRequestedFor(urlEqualTo("/v1/secret/data/shop/db")));
	}

	@Test
	void aVolumeForgetsTheLeasesItsClassNoLongerAsksFor() throws ProviderException {
		stubIssues(CLIENT_TOKEN, true, "v-shop-1", "v-shop-2");
		stubRead(this.vault, "/v1/secret/data/shop/db", CLIENT_TOKEN, kv2("s3cr3t"));
		mount();
		assertThat(this.provider.leaseCount()).isOne();

		this.provider.mount(request(POD_UID, JWT, """
				- objectName: db-password
				  secretPath: secret/data/shop/db
				  secretKey: password
				"""));

		assertThat(this.provider.leaseCount()).isZero();
		assertThat(username(mount())).as("asked for again, it is a new credential").isEqualTo("v-shop-2");
	}

	@Test
	void withoutThePodsUidNothingIsKeptAndEveryMountReadsAnew() throws ProviderException {
		stubIssues(CLIENT_TOKEN, true, "v-shop-1", "v-shop-2");
		MountRequest withUid = request(POD_UID, JWT, OBJECTS);
		Map<String, String> attributes = new HashMap<>(withUid.attributes());
		attributes.remove(MountRequest.POD_UID);
		MountRequest withoutUid = new MountRequest(attributes, Map.of(), withUid.targetPath(), withUid.permission(),
				List.of());

		MountResponse first = this.provider.mount(withoutUid);
		MountResponse second = this.provider.mount(withoutUid);

		assertThat(first.perPod()).isTrue();
		assertThat(List.of(username(first), username(second))).containsExactly("v-shop-1", "v-shop-2");
		assertThat(this.provider.leaseCount()).isZero();
	}

	@Test
	void neitherTheLeaseIdNorTheCredentialShowInTheResponsesText() throws ProviderException {
		stubIssues(CLIENT_TOKEN, true, "v-shop-1");

		String text = mount().toString();

		assertThat(text).contains("db-username", "leaseExpiries")
			.doesNotContain("v-shop-1", "password-of", leaseId("v-shop-1"));
	}

	private MountResponse mount() throws ProviderException {
		return this.provider.mount(request(POD_UID, JWT, OBJECTS));
	}

	private MountResponse mountPodB() throws ProviderException {
		return this.provider.mount(request(POD_B_UID, POD_B_JWT, OBJECTS));
	}

	private MountRequest request(String uid, String jwt, String objects) {
		Map<String, String> attributes = new HashMap<>(
				Map.of("roleName", "shop-reader", "vaultAddress", this.vault.baseUrl(), "objects", objects));
		attributes.putAll(podContext(uid, "vault", jwt));
		return new MountRequest(attributes, Map.of(),
				"/var/lib/kubelet/pods/" + uid + "/volumes/kubernetes.io~csi/secrets/mount",
				MountRequest.DEFAULT_PERMISSION, List.of());
	}

	/**
	 * Vault issuing {@code users} one after the other to reads with {@code token}, each
	 * with a one-hour lease.
	 */
	private void stubIssues(String token, boolean renewable, String... users) {
		String state = Scenario.STARTED;
		for (int i = 0; i < users.length; i++) {
			String next = (i + 1 < users.length) ? "issued " + users[i] : state;
			this.vault.stubFor(get(urlEqualTo(CREDS)).withHeader("X-Vault-Token", equalTo(token))
				.inScenario("credentials of " + token)
				.whenScenarioStateIs(state)
				.willSetStateTo(next)
				.willReturn(okJson(resource("vault/db-creds-leased.json").replace("{{username}}", users[i])
					.replace("{{password}}", "password-of-" + users[i])
					.replace("{{lease_id}}", leaseId(users[i]))
					.replace("{{renewable}}", Boolean.toString(renewable))
					.replace("{{lease}}", "3600"))));
			state = next;
		}
	}

	private void stubRenewal(String token, String user, ResponseDefinitionBuilder answer) {
		this.vault.stubFor(put(urlEqualTo(RENEW)).withHeader("X-Vault-Token", equalTo(token))
			.withRequestBody(equalToJson("{\"lease_id\":\"" + leaseId(user) + "\",\"increment\":3600}"))
			.willReturn(answer));
	}

	private static String renewal(String user, boolean renewable, long seconds) {
		return resource("vault/lease-renew.json").replace("{{lease_id}}", leaseId(user))
			.replace("{{renewable}}", Boolean.toString(renewable))
			.replace("{{lease}}", Long.toString(seconds));
	}

	private static String leaseId(String user) {
		return "database/creds/shop-app/lease-of-" + user;
	}

	private static String username(MountResponse response) {
		return text(response.files().get(0).contents());
	}

}
