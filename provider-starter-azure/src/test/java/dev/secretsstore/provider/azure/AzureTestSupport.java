package dev.secretsstore.provider.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.secretsstore.provider.MountRequest;
import org.yaml.snakeyaml.Yaml;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Fixtures shared by the provider tests: one HTTPS WireMock standing in for both Key
 * Vault and Entra ID, Key Vault's documented answers, SecretProviderClass files, and the
 * volume context the driver adds to a mount request.
 */
final class AzureTestSupport {

	static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

	static final String CLIENT_ID = "c0ffee00-1111-4222-8333-944455556666";

	static final String SA_JWT = "eyJhbGciOiJSUzI1NiJ9.pod-web-azure.c2lnbmF0dXJl";

	static final String SP_CLIENT_ID = "5p5p5p5p-0000-4000-8000-000000000001";

	static final String SP_SECRET = "sp-secret-do-not-log";

	static final String AAD_TOKEN = "aad-access-token-1";

	static final String VERSION_1 = "0123456789abcdef0123456789abcdef";

	static final String VERSION_2 = "fedcba9876543210fedcba9876543210";

	static final String SCOPE = "https://vault.azure.net/.default";

	private AzureTestSupport() {
	}

	/**
	 * A WireMock serving HTTPS only, with the self-signed certificate of
	 * {@code tls/keyvault.p12}.
	 */
	static WireMockServer startServer() {
		WireMockServer server = new WireMockServer(options().dynamicHttpsPort()
			.httpDisabled(true)
			.keystorePath(resourcePath("tls/keyvault.p12").toString())
			.keystoreType("PKCS12")
			.keystorePassword("changeit")
			.keyManagerPassword("changeit"));
		server.start();
		return server;
	}

	static String baseUrl(WireMockServer server) {
		return "https://localhost:" + server.httpsPort();
	}

	/**
	 * Provider settings that send every vault and Entra ID call to {@code server},
	 * trusting its certificate.
	 */
	static AzureProviderProperties properties(WireMockServer server, int maxRetries) {
		return new AzureProviderProperties(true, baseUrl(server), baseUrl(server), Duration.ofSeconds(2),
				Duration.ofSeconds(5), maxRetries, 1000, null, resourcePath("tls/keyvault-ca.pem").toString());
	}

	/**
	 * Key Vault's challenge: a request without a token gets 401 naming the tenant and
	 * resource.
	 */
	static void stubChallenge(WireMockServer server) {
		server.stubFor(any(urlPathMatching("/(secrets|keys|certificates)/.*")).atPriority(1)
			.withHeader("Authorization", absent())
			.willReturn(aResponse().withStatus(401)
				.withHeader("WWW-Authenticate", "Bearer authorization=\"" + baseUrl(server) + "/" + TENANT
						+ "\", resource=\"https://vault.azure.net\"")));
	}

	/**
	 * Entra ID's token endpoint, answering a workload-identity client assertion with
	 * {@code accessToken}.
	 */
	static void stubWorkloadIdentityToken(WireMockServer server, String jwt, String accessToken) {
		server.stubFor(post(urlEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
			.withFormParam("grant_type", equalTo("client_credentials"))
			.withFormParam("client_id", equalTo(CLIENT_ID))
			.withFormParam("client_assertion_type", equalTo("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"))
			.withFormParam("client_assertion", equalTo(jwt))
			.withFormParam("scope", matching("(.* )?" + Pattern.quote(SCOPE) + "( .*)?"))
			.willReturn(okJson(token(accessToken))));
	}

	/**
	 * Entra ID's token endpoint, answering the service principal's client secret with
	 * {@code accessToken}.
	 */
	static void stubServicePrincipalToken(WireMockServer server, String accessToken) {
		server.stubFor(post(urlEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
			.withFormParam("grant_type", equalTo("client_credentials"))
			.withFormParam("client_id", equalTo(SP_CLIENT_ID))
			.withFormParam("client_secret", equalTo(SP_SECRET))
			.withFormParam("scope", matching("(.* )?" + Pattern.quote(SCOPE) + "( .*)?"))
			.willReturn(okJson(token(accessToken))));
	}

	static String token(String accessToken) {
		return "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\""
				+ accessToken + "\"}";
	}

	/**
	 * {@code GET /secrets/<name>/[<version>]} with the access token, answering
	 * {@code body}.
	 */
	static void stubGet(WireMockServer server, String type, String name, String version, String accessToken,
			ResponseDefinitionBuilder response) {
		server.stubFor(get(urlPathMatching("/" + type + "/" + name + "/" + (version.isEmpty() ? "?" : version)))
			.withHeader("Authorization", equalTo("Bearer " + accessToken))
			.willReturn(response));
	}

	static String secretJson(WireMockServer server, String name, String version, String value) {
		return "{\"value\":\"" + value + "\",\"id\":\"" + baseUrl(server) + "/secrets/" + name + "/" + version
				+ "\",\"attributes\":{\"enabled\":true,\"created\":1764288000,\"updated\":1764288000,"
				+ "\"recoveryLevel\":\"Recoverable+Purgeable\",\"recoverableDays\":90},\"tags\":{}}";
	}

	static RSAPublicKey rsaPublicKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return (RSAPublicKey) generator.generateKeyPair().getPublic();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Key Vault's answer for an RSA key: the JSON web key with {@code n} and {@code e}.
	 */
	static String rsaKeyJson(WireMockServer server, String name, String version, RSAPublicKey publicKey) {
		Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
		return "{\"key\":{\"kid\":\"" + baseUrl(server) + "/keys/" + name + "/" + version
				+ "\",\"kty\":\"RSA\",\"key_ops\":[\"verify\"],\"n\":\""
				+ url.encodeToString(unsigned(publicKey.getModulus().toByteArray())) + "\",\"e\":\""
				+ url.encodeToString(unsigned(publicKey.getPublicExponent().toByteArray()))
				+ "\"},\"attributes\":{\"enabled\":true,\"created\":1764288000,\"updated\":1764288000}}";
	}

	/**
	 * Key Vault's answer for a certificate: {@code cer} is {@code keyvault/app-cert.pem}
	 * as base64 DER.
	 */
	static String certificateJson(WireMockServer server, String name, String version) {
		String cer = resource("keyvault/app-cert.pem").replaceAll("-----[A-Z ]+-----|\\s", "");
		String base = baseUrl(server);
		return "{\"id\":\"" + base + "/certificates/" + name + "/" + version + "\",\"kid\":\"" + base + "/keys/" + name
				+ "/" + version + "\",\"sid\":\"" + base + "/secrets/" + name + "/" + version + "\",\"cer\":\"" + cer
				+ "\",\"attributes\":{\"enabled\":true,\"created\":1764288000,\"updated\":1764288000}}";
	}

	private static byte[] unsigned(byte[] bytes) {
		return (bytes.length > 1 && bytes[0] == 0) ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
	}

	static String errorJson(String code) {
		return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"A test error.\"}}";
	}

	static ResponseDefinitionBuilder okJson(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

	static ResponseDefinitionBuilder error(int status, String code) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(errorJson(code));
	}

	/**
	 * The {@code spec.parameters} of a SecretProviderClass file, as the driver passes
	 * them on.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, String> spcParameters(String path) {
		Map<String, Object> spc = new Yaml().load(resource(path));
		Map<String, Object> parameters = (Map<String, Object>) ((Map<String, Object>) spc.get("spec"))
			.get("parameters");
		Map<String, String> strings = new HashMap<>();
		parameters.forEach((name, value) -> strings.put(name, String.valueOf(value)));
		return strings;
	}

	/**
	 * Parameters for one vault with the given {@code objects} entries, each a YAML string
	 * under {@code array:}.
	 */
	static Map<String, String> parameters(String... entries) {
		StringBuilder objects = new StringBuilder("array:\n");
		for (String entry : entries) {
			objects.append("  - |\n");
			for (String line : entry.split("\n")) {
				objects.append("    ").append(line).append('\n');
			}
		}
		Map<String, String> parameters = new HashMap<>();
		parameters.put("keyvaultName", "kvname");
		parameters.put("tenantId", TENANT);
		parameters.put("objects", objects.toString());
		return parameters;
	}

	/**
	 * The volume context kubelet adds for pod {@code web}, with a workload-identity token
	 * when {@code jwt} is set.
	 */
	static Map<String, String> podContext(String jwt) {
		Map<String, String> context = new HashMap<>();
		context.put(MountRequest.POD_NAME, "web-7d9f");
		context.put(MountRequest.POD_NAMESPACE, "shop");
		context.put(MountRequest.POD_UID, "0b6c1f8e-3c51-4c1e-9a43-5b1f1e2d9c11");
		context.put(MountRequest.SERVICE_ACCOUNT_NAME, "web");
		if (jwt != null) {
			context.put(MountRequest.SERVICE_ACCOUNT_TOKENS, "{\"" + AzureCredential.AUDIENCE + "\":{\"token\":\"" + jwt
					+ "\",\"expirationTimestamp\":\"2099-01-01T00:00:00Z\"}}");
		}
		return context;
	}

	/**
	 * A workload-identity mount request for pod {@code web}.
	 */
	static MountRequest workloadIdentityRequest(Map<String, String> parameters) {
		Map<String, String> attributes = new HashMap<>(parameters);
		attributes.put("clientID", CLIENT_ID);
		attributes.putAll(podContext(SA_JWT));
		return new MountRequest(attributes, Map.of(), "/var/lib/kubelet/pods/x/volumes/secrets",
				MountRequest.DEFAULT_PERMISSION, List.of());
	}

	/**
	 * A service-principal mount request for pod {@code web}, with the
	 * nodePublishSecretRef data.
	 */
	static MountRequest servicePrincipalRequest(Map<String, String> parameters) {
		Map<String, String> attributes = new HashMap<>(parameters);
		attributes.putAll(podContext(null));
		return new MountRequest(attributes, Map.of("clientid", SP_CLIENT_ID, "clientsecret", SP_SECRET),
				"/var/lib/kubelet/pods/x/volumes/secrets", MountRequest.DEFAULT_PERMISSION, List.of());
	}

	static String resource(String path) {
		try (InputStream in = AzureTestSupport.class.getResourceAsStream("/" + path)) {
			if (in == null) {
				throw new IllegalArgumentException("no test resource " + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Path resourcePath(String path) {
		try {
			return Path.of(AzureTestSupport.class.getResource("/" + path).toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
