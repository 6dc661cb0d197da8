package dev.secretsstore.provider.aws;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.secretsstore.provider.ServiceAccounts;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.aws.credentials.AwsTokens;
import dev.secretsstore.provider.aws.credentials.SessionCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that every pod authenticates as itself: IRSA through STS
 * AssumeRoleWithWebIdentity (query protocol) and EKS Pod Identity through the agent, each
 * with the pod's own token, and that credentials are cached per token.
 */
class AuthenticationTests {

	@RegisterExtension
	static final WireMockExtension server = AwsTestSupport.wireMock();

	private static final String SECRET = "- {objectName: db, objectType: secretsmanager}";

	private final AwsStubs stubs = new AwsStubs(server);

	private AwsSecretProvider provider;

	@TempDir
	Path target;

	@BeforeEach
	void setUp() {
		this.stubs.secret("db", "v-1", "pw");
		this.provider = new AwsSecretProvider(AwsTestSupport.properties(server, 1), ServiceAccounts.NONE,
				(name) -> null);
	}

	@AfterEach
	void tearDown() {
		this.provider.close();
	}

	@Test
	void irsaExchangesThePodsTokenForTheRolesCredentials() throws ProviderException {
		this.stubs.sts("ASIAIRSAEXAMPLE", Instant.now().plusSeconds(3600));
		this.provider.mount(AwsTestSupport.request(SECRET, this.target));
		LoggedRequest sts = this.stubs.stsRequests().get(0);
		assertThat(sts.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
		assertThat(sts.containsHeader("Authorization")).as("AssumeRoleWithWebIdentity is unsigned").isFalse();
		assertThat(form(sts)).containsEntry("Action", "AssumeRoleWithWebIdentity")
			.containsEntry("Version", "2011-06-15")
			.containsEntry("RoleArn", AwsTestSupport.ROLE_ARN)
			.containsEntry("RoleSessionName", "secrets-store-csi.web-0")
			.containsEntry("WebIdentityToken", AwsTestSupport.IRSA_TOKEN);
		LoggedRequest get = this.stubs.requests(AwsStubs.GET_SECRET_VALUE).get(0);
		assertThat(get.getHeader("Authorization")).contains("Credential=ASIAIRSAEXAMPLE/")
			.contains("/us-east-1/secretsmanager/aws4_request");
		assertThat(get.getHeader("X-Amz-Security-Token")).isEqualTo("irsa-session-token");
	}

	@Test
	void irsaCredentialsAreReusedUntilTheyNearExpiry() throws ProviderException {
		this.stubs.sts("ASIAIRSAEXAMPLE", Instant.now().plusSeconds(3600));
		this.provider.mount(AwsTestSupport.request(SECRET, this.target));
		this.provider.mount(AwsTestSupport.request(SECRET, this.target));
		assertThat(this.stubs.stsRequests()).hasSize(1);
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).hasSize(2);
		assertThat(this.provider.cachedSessions()).isEqualTo(1);
	}

	@Test
	void credentialsThatExpireSoonAreRenewed() throws ProviderException {
		this.stubs.sts("ASIAIRSAEXAMPLE", Instant.now().plus(SessionCache.RENEW_BEFORE_EXPIRY).minusSeconds(60));
		this.provider.mount(AwsTestSupport.request(SECRET, this.target));
		this.provider.mount(AwsTestSupport.request(SECRET, this.target));
		assertThat(this.stubs.stsRequests()).hasSize(2);
	}

	@Test
	void anotherPodsTokenGetsCredentialsOfItsOwn() throws ProviderException {
		this.stubs.sts("ASIAIRSAEXAMPLE", Instant.now().plusSeconds(3600));
		this.provider.mount(AwsTestSupport.request(SECRET, this.target));
		this.provider.mount(withTokens(AwsTestSupport.request(SECRET, this.target),
				Map.of(AwsTokens.IRSA_AUDIENCE, "token-of-web-1")));
		assertThat(this.stubs.stsRequests()).extracting((request) -> form(request).get("WebIdentityToken"))
			.containsExactly(AwsTestSupport.IRSA_TOKEN, "token-of-web-1");
	}

	@Test
	void podIdentityAsksTheAgentWithThePodsToken() throws ProviderException {
		this.stubs.podIdentity("", "ASIAPODEXAMPLE", Instant.now().plusSeconds(3600));
		this.provider.mount(AwsTestSupport.request(SECRET, Map.of("usePodIdentity", "true"), this.target, List.of()));
		assertThat(server.findAll(getRequestedFor(urlEqualTo("/v1/credentials")))).singleElement()
			.satisfies((request) -> assertThat(request.getHeader("Authorization"))
				.isEqualTo(AwsTestSupport.POD_IDENTITY_TOKEN));
		assertThat(this.stubs.stsRequests()).isEmpty();
		LoggedRequest get = this.stubs.requests(AwsStubs.GET_SECRET_VALUE).get(0);
		assertThat(get.getHeader("Authorization")).contains("Credential=ASIAPODEXAMPLE/");
		assertThat(get.getHeader("X-Amz-Security-Token")).isEqualTo("pod-session-token");
	}

	@Test
	void podIdentityFallsBackToIpv6WhenIpv4CannotBeReached() throws Exception {
		this.stubs.podIdentity("/v6", "ASIAPODEXAMPLE", Instant.now().plusSeconds(3600));
		try (AwsSecretProvider fallback = new AwsSecretProvider(agentAt(closedPort(), server.baseUrl() + "/v6"),
				ServiceAccounts.NONE, (name) -> null)) {
			fallback.mount(AwsTestSupport.request(SECRET, Map.of("usePodIdentity", "true"), this.target, List.of()));
		}
		assertThat(server.findAll(getRequestedFor(urlEqualTo("/v6/v1/credentials")))).hasSize(1);
	}

	@Test
	void podIdentityCallsOnlyThePreferredAddress() throws Exception {
		this.stubs.podIdentity("/v4", "ASIAPODEXAMPLE", Instant.now().plusSeconds(3600));
		this.stubs.podIdentity("/v6", "ASIAPODEXAMPLE", Instant.now().plusSeconds(3600));
		try (AwsSecretProvider preferring = new AwsSecretProvider(
				agentAt(server.baseUrl() + "/v4", server.baseUrl() + "/v6"), ServiceAccounts.NONE, (name) -> null)) {
			preferring.mount(AwsTestSupport.request(SECRET,
					Map.of("usePodIdentity", "true", "preferredAddressType", "IPv6"), this.target, List.of()));
		}
		assertThat(server.findAll(getRequestedFor(urlEqualTo("/v6/v1/credentials")))).hasSize(1);
		assertThat(server.findAll(getRequestedFor(urlEqualTo("/v4/v1/credentials")))).isEmpty();
	}

	@Test
	void missingTokensTellTheOperatorToConfigureTokenRequests() {
		MountRequest request = withTokens(AwsTestSupport.request(SECRET, this.target), null);
		assertMissingToken(request,
				"serviceAccount.tokens not provided - ensure tokenRequests is configured in CSIDriver");
	}

	@Test
	void aMissingAudienceIsNamed() {
		MountRequest request = withTokens(AwsTestSupport.request(SECRET, this.target),
				Map.of(AwsTokens.POD_IDENTITY_AUDIENCE, "pod-token"));
		assertMissingToken(request,
				"token for audience \"sts.amazonaws.com\" not found - ensure tokenRequests includes this audience");
		assertThat(server.getAllServeEvents()).isEmpty();
	}

	@Test
	void tokensSentAsSecretsByNewerKubeletsAreUsed() throws ProviderException {
		this.stubs.sts("ASIAIRSAEXAMPLE", Instant.now().plusSeconds(3600));
		MountRequest request = withTokens(AwsTestSupport.request(SECRET, this.target), null);
		this.provider.mount(new MountRequest(request.attributes(),
				Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS,
						AwsTestSupport.tokens(Map.of(AwsTokens.IRSA_AUDIENCE, "token-from-secrets"))),
				request.targetPath(), request.permission(), request.currentObjectVersions()));
		assertThat(this.stubs.stsRequests()).extracting((sts) -> form(sts).get("WebIdentityToken"))
			.containsExactly("token-from-secrets");
	}

	@Test
	void malformedTokensAreRefusedWithoutQuotingThem() {
		MountRequest request = withTokens(AwsTestSupport.request(SECRET, this.target), null);
		Map<String, String> attributes = new HashMap<>(request.attributes());
		attributes.put(MountRequest.SERVICE_ACCOUNT_TOKENS, "{\"sts.amazonaws.com\": " + AwsTestSupport.IRSA_TOKEN);
		assertMissingToken(new MountRequest(attributes, Map.of(), request.targetPath(), 0644, List.of()),
				"failed to parse serviceAccount.tokens");
	}

	@Test
	void irsaTakesTheRoleFromTheServiceAccountsAnnotationOverTheProperty() throws ProviderException {
		String annotated = "arn:aws:iam::111122223333:role/annotated";
		List<String> asked = new java.util.ArrayList<>();
		ServiceAccounts cluster = (namespace, name) -> {
			asked.add(namespace + "/" + name);
			return Map.of("eks.amazonaws.com/role-arn", annotated);
		};
		this.stubs.sts("ASIAIRSAEXAMPLE", Instant.now().plusSeconds(3600));
		try (AwsSecretProvider provider = new AwsSecretProvider(AwsTestSupport.properties(server, 1), cluster,
				(name) -> null)) {
			provider.mount(AwsTestSupport.request(SECRET, this.target));
		}

		assertThat(asked).containsExactly("shop/web");
		assertThat(form(this.stubs.stsRequests().get(0))).containsEntry("RoleArn", annotated);
	}

	@Test
	void irsaWithoutARoleIsRefused() {
		AwsProviderProperties base = AwsTestSupport.properties(server, 1);
		try (AwsSecretProvider noRole = new AwsSecretProvider(
				new AwsProviderProperties(true, null, base.secretsmanagerEndpoint(), base.ssmEndpoint(),
						base.stsEndpoint(), null, null, null, null, null, null, 1),
				ServiceAccounts.NONE, (name) -> null)) {
			assertThatExceptionOfType(ProviderException.class)
				.isThrownBy(() -> noRole.mount(AwsTestSupport.request(SECRET, this.target)))
				.matches((ex) -> ex.reason() == Reason.PERMISSION_DENIED, "PERMISSION_DENIED")
				.withMessageContaining("An IAM role must be associated with service account web (namespace: shop): "
						+ "annotate it with eks.amazonaws.com/role-arn");
		}
	}

	@Test
	void aRefusedTokenIsPermissionDeniedWithoutQuotingIt() {
		this.stubs.stsError(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
		assertDenied(AwsTestSupport.request(SECRET, this.target),
				"Not authorized to perform sts:AssumeRoleWithWebIdentity (AccessDenied)");
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).isEmpty();
	}

	@Test
	void aRefusingAgentIsPermissionDenied() {
		server.stubFor(get(urlEqualTo("/v1/credentials")).willReturn(aResponse().withStatus(403)
			.withBody("{\"code\":\"AccessDeniedException\",\"message\":\"no association for shop/web\"}")));
		assertDenied(AwsTestSupport.request(SECRET, Map.of("usePodIdentity", "true"), this.target, List.of()),
				"answered HTTP 403: no association for shop/web");
	}

	private void assertDenied(MountRequest request, String message) {
		assertRefused(request, Reason.PERMISSION_DENIED, message);
	}

	private void assertMissingToken(MountRequest request, String message) {
		assertRefused(request, Reason.INVALID_PARAMETERS, message);
		assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> this.provider.mount(request))
			.matches((ex) -> ex.errorCode().equals("MissingServiceAccountToken"), "MissingServiceAccountToken");
	}

	private void assertRefused(MountRequest request, Reason reason, String message) {
		assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> this.provider.mount(request))
			.matches((ex) -> ex.reason() == reason, reason.toString())
			.withMessageContaining(message)
			.withMessageNotContaining(AwsTestSupport.IRSA_TOKEN)
			.withMessageNotContaining(AwsTestSupport.POD_IDENTITY_TOKEN);
	}

	private static MountRequest withTokens(MountRequest request, Map<String, String> tokens) {
		Map<String, String> attributes = new HashMap<>(request.attributes());
		attributes.remove(MountRequest.SERVICE_ACCOUNT_TOKENS);
		if (tokens != null) {
			attributes.put(MountRequest.SERVICE_ACCOUNT_TOKENS, AwsTestSupport.tokens(tokens));
		}
		return new MountRequest(attributes, request.secrets(), request.targetPath(), request.permission(),
				request.currentObjectVersions());
	}

	private static AwsProviderProperties agentAt(String ipv4, String ipv6) {
		AwsProviderProperties base = AwsTestSupport.properties(server, 1);
		return new AwsProviderProperties(true, null, base.secretsmanagerEndpoint(), base.ssmEndpoint(), null,
				URI.create(ipv4), URI.create(ipv6), null, Duration.ofSeconds(2), Duration.ofSeconds(10),
				Duration.ofSeconds(2), 1);
	}

	private static String closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}
	}

	private static Map<String, String> form(LoggedRequest request) {
		Map<String, String> form = new HashMap<>();
		for (String pair : request.getBodyAsString().split("&")) {
			String[] parts = pair.split("=", 2);
			form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
					URLDecoder.decode((parts.length > 1) ? parts[1] : "", StandardCharsets.UTF_8));
		}
		return form;
	}

}
