package dev.secretsstore.provider.vault;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.secretsstore.provider.MountRequest;
import org.yaml.snakeyaml.Yaml;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Fixtures shared by the provider tests: SecretProviderClass files, Vault's documented
 * answers, and the volume context the driver adds to a mount request.
 */
public final class VaultTestSupport {

	static final String JWT = "eyJhbGciOiJSUzI1NiJ9.pod-web.c2lnbmF0dXJl";

	static final String CLIENT_TOKEN = "hvs.CAESIJ-first-client-token";

	static final String POD_UID = "0b6c1f8e-3c51-4c1e-9a43-5b1f1e2d9c11";

	private VaultTestSupport() {
	}

	static WireMockServer startVault() {
		WireMockServer server = new WireMockServer(options().dynamicPort());
		server.start();
		return server;
	}

	public static String resource(String path) {
		try (InputStream in = VaultTestSupport.class.getResourceAsStream("/" + path)) {
			if (in == null) {
				throw new IllegalArgumentException("no test resource " + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The {@code spec.parameters} of a SecretProviderClass file, as the driver passes
	 * them on.
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, String> spcParameters(String path) {
		Map<String, Object> spc = new Yaml().load(resource(path));
		Map<String, Object> parameters = (Map<String, Object>) ((Map<String, Object>) spc.get("spec"))
			.get("parameters");
		Map<String, String> strings = new HashMap<>();
		parameters.forEach((name, value) -> strings.put(name, String.valueOf(value)));
		return strings;
	}

	/**
	 * The volume context kubelet adds for pod {@code web} with a token for
	 * {@code audience}.
	 */
	static Map<String, String> podContext(String uid, String audience, String jwt) {
		Map<String, String> context = new HashMap<>();
		context.put(MountRequest.POD_NAME, "web-" + uid.substring(0, 5));
		context.put(MountRequest.POD_NAMESPACE, "shop");
		context.put(MountRequest.POD_UID, uid);
		context.put(MountRequest.SERVICE_ACCOUNT_NAME, "web");
		context.put(MountRequest.SERVICE_ACCOUNT_TOKENS,
				"{\"" + audience + "\":{\"token\":\"" + jwt + "\",\"expirationTimestamp\":\"2026-11-28T01:00:00Z\"}}");
		return context;
	}

	static MountRequest mountRequest(Map<String, String> parameters, Map<String, String> context) {
		Map<String, String> attributes = new HashMap<>(parameters);
		attributes.putAll(context);
		return new MountRequest(attributes, Map.of(), "/var/lib/kubelet/pods/x/volumes/secrets",
				MountRequest.DEFAULT_PERMISSION, List.of());
	}

	/**
	 * A mount request for pod {@code web} with one object per {@code objects} line.
	 */
	static MountRequest mountRequest(String vaultAddress, String objects) {
		return mountRequest(Map.of("roleName", "shop-reader", "vaultAddress", vaultAddress, "objects", objects),
				podContext(POD_UID, "vault", JWT));
	}

	static String login(String clientToken, long leaseSeconds) {
		return resource("vault/login.json").replace("{{client_token}}", clientToken)
			.replace("{{lease}}", Long.toString(leaseSeconds));
	}

	static String kv2(String password) {
		return resource("vault/kv2-db.json").replace("{{password}}", password);
	}

	static void stubLogin(WireMockServer vault, String mount, String role, String jwt, String clientToken,
			long leaseSeconds) {
		vault.stubFor(post(urlEqualTo("/v1/auth/" + mount + "/login"))
			.withRequestBody(equalToJson("{\"jwt\":\"" + jwt + "\",\"role\":\"" + role + "\"}"))
			.willReturn(okJson(login(clientToken, leaseSeconds))));
	}

	static void stubRead(WireMockServer vault, String path, String clientToken, String body) {
		vault.stubFor(get(urlEqualTo(path)).withHeader("X-Vault-Token", equalTo(clientToken)).willReturn(okJson(body)));
	}

	static ResponseDefinitionBuilder okJson(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

	static ResponseDefinitionBuilder error(int status, String fixture) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody(resource("vault/" + fixture));
	}

	static VaultProviderProperties properties(String address) {
		return new VaultProviderProperties(true, address, null, null, null, Duration.ofSeconds(2),
				Duration.ofSeconds(5), 1000, null, null, null);
	}

	static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/**
	 * A clock the test moves, so token expiry is tested without waiting.
	 */
	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-11-28T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
