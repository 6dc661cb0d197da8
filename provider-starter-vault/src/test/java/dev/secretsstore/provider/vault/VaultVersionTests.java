package dev.secretsstore.provider.vault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.SharedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.secretsstore.provider.vault.VaultTestSupport.CLIENT_TOKEN;
import static dev.secretsstore.provider.vault.VaultTestSupport.JWT;
import static dev.secretsstore.provider.vault.VaultTestSupport.kv2;
import static dev.secretsstore.provider.vault.VaultTestSupport.mountRequest;
import static dev.secretsstore.provider.vault.VaultTestSupport.okJson;
import static dev.secretsstore.provider.vault.VaultTestSupport.stubLogin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Object versions as the Go provider makes them. The expected versions were computed
 * apart from this code: the Go JSON of {@code config.Secret} written out by hand from
 * Go's rules ({@code GoJsonTests}), then
 * {@code printf '%s' '<json><content>' | openssl dgst -sha256 -hmac <key> -binary | basenc --base64url}
 * ({@code -mac HMAC -macopt hexkey:...} for a binary key).
 */
@ExtendWith(OutputCaptureExtension.class)
class VaultVersionTests {

	private static final String OBJECTS = """
			- objectName: pw
			  secretPath: secret/data/shop/db
			  secretKey: password
			- objectName: pw-copy
			  secretPath: secret/data/shop/db
			  secretKey: password
			""";

	/** 0x00 to 0x1f: a 32-byte key like the ones the Go provider creates. */
	private static final byte[] SHARED_KEY = HexFormat.of()
		.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

	private WireMockServer vault;

	@BeforeEach
	void startVault() {
		this.vault = VaultTestSupport.startVault();
		stubLogin(this.vault, "kubernetes", "shop-reader", JWT, CLIENT_TOKEN, 3600);
		this.vault.stubFor(get(urlEqualTo("/v1/secret/data/shop/db")).inScenario("rotation")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(okJson(kv2("first")))
			.willSetStateTo("same again"));
		this.vault.stubFor(get(urlEqualTo("/v1/secret/data/shop/db")).inScenario("rotation")
			.whenScenarioStateIs("same again")
			.willReturn(okJson(kv2("first").replace("\"version\": 4", "\"version\": 5")))
			.willSetStateTo("rotated"));
		this.vault.stubFor(get(urlEqualTo("/v1/secret/data/shop/db")).inScenario("rotation")
			.whenScenarioStateIs("rotated")
			.willReturn(okJson(kv2("second"))));
	}

	@AfterEach
	void stopVault() {
		this.vault.stop();
	}

	@Test
	void aConfiguredKeyGivesTheGoProvidersVersionByteForByte() throws ProviderException {
		// GoJsonTests' PW_JSON then "first", key "cluster-secret-key"
		assertThat(mount(provider("cluster-secret-key", SharedKeys.NONE)).objectVersions().get(0))
			.isEqualTo(new ObjectVersion("pw", "2WysViAjJSfhS7mPGWn8RGSDv8DwqCrn5-UVFeQpJ2Q="));
	}

	@Test
	void theSharedKeyGivesTheGoProvidersVersionForEveryKindOfSetting() throws ProviderException {
		this.vault
			.stubFor(put(urlEqualTo("/v1/pki/issue/shop")).willReturn(okJson("{\"data\":{\"certificate\":\"UEVN\"}}")));
		String objects = """
				- objectName: cert
				  secretPath: pki/issue/shop
				  secretKey: certificate
				  method: PUT
				  secretArgs:
				    common_name: shop.example.com
				    alt_names: "a<b>&c"
				    exclude_cn_from_sans: true
				    max: 0x10
				    ratio: 1.50
				    tiny: 1e-7
				    big: 100000000000000000000000
				    list: [1, "two", null]
				    nested: {z: 1, "é": "line\\u2028tab\\there", a: ~}
				  filePermission: 0640
				  encoding: Base64
				""";
		// GoJsonTests' CERT_JSON then "PEM", key SHARED_KEY
		MountResponse response = provider("", (name, key, candidate) -> SHARED_KEY)
			.mount(mountRequest(this.vault.baseUrl(), objects));
		assertThat(response.files().get(0).contents()).asString().isEqualTo("PEM");
		assertThat(response.objectVersions())
			.containsExactly(new ObjectVersion("cert", "-a4UyZF5DI4UqjYpeUALzFF1ePRByuKWxunaxcfhth4="));
	}

	@Test
	void theKeyIsTheGoProvidersSecretGotOnceAMount() throws ProviderException {
		List<String> asked = new ArrayList<>();
		SharedKeys shared = (name, key, candidate) -> {
			asked.add(name + "/" + key);
			assertThat(candidate.get()).hasSize(32).isNotEqualTo(candidate.get());
			return SHARED_KEY;
		};
		mount(provider("", shared));
		assertThat(asked).containsExactly("vault-csi-provider-hmac-key/key");
	}

	@Test
	void withoutAKeyObjectsGetNoVersionRatherThanAHash(CapturedOutput output) throws ProviderException {
		AtomicInteger asked = new AtomicInteger();
		SharedKeys forbidden = (name, key, candidate) -> {
			asked.incrementAndGet();
			throw new ProviderException(Reason.PERMISSION_DENIED, "", "secrets is forbidden");
		};
		VaultSecretProvider provider = provider("", forbidden);

		assertThat(mount(provider).objectVersions()).extracting(ObjectVersion::version).containsExactly("", "");
		assertThat(mount(provider).objectVersions()).extracting(ObjectVersion::id).containsExactly("pw", "pw-copy");
		assertThat(mount(provider("", SharedKeys.NONE)).objectVersions()).extracting(ObjectVersion::version)
			.containsOnly("");
		assertThat(asked).as("asked again on every mount, as the Go provider does").hasValue(2);
		assertThat(output).containsOnlyOnce("secrets is forbidden");
	}

	@Test
	void aConfiguredKeyWinsOverTheSharedOne() throws ProviderException {
		SharedKeys never = (name, key, candidate) -> {
			throw new AssertionError("a configured version-key needs no Kubernetes Secret");
		};
		assertThat(mount(provider("cluster-secret-key", never)).objectVersions().get(0).version())
			.isEqualTo("2WysViAjJSfhS7mPGWn8RGSDv8DwqCrn5-UVFeQpJ2Q=");
	}

	@Test
	void noVersionIsAPlainDigestOfTheContent() throws Exception {
		MountResponse response = mount(provider("", (name, key, candidate) -> SHARED_KEY));
		for (int i = 0; i < response.files().size(); i++) {
			assertThat(plainDigests(response.files().get(i).contents()))
				.doesNotContain(response.objectVersions().get(i).version());
		}
	}

	@Test
	void keepsTheVersionForTheSameContentAndChangesItWithTheContent() throws ProviderException {
		VaultSecretProvider provider = provider("", (name, key, candidate) -> SHARED_KEY);
		List<ObjectVersion> first = mount(provider).objectVersions();
		List<ObjectVersion> same = mount(provider).objectVersions();
		List<ObjectVersion> rotated = mount(provider).objectVersions();
		assertThat(same).isEqualTo(first);
		assertThat(rotated.get(0).version()).isNotEqualTo(first.get(0).version());
		assertThat(first.get(1).version()).as("the settings are hashed too").isNotEqualTo(first.get(0).version());
	}

	private VaultSecretProvider provider(String versionKey, SharedKeys shared) {
		return new VaultSecretProvider(new VaultProviderProperties(true, this.vault.baseUrl(), null, null, null, null,
				null, 1000, null, versionKey, null), shared);
	}

	private MountResponse mount(VaultSecretProvider provider) throws ProviderException {
		return provider.mount(mountRequest(this.vault.baseUrl(), OBJECTS));
	}

	/**
	 * MD5, SHA-1, SHA-256 and SHA-512 of {@code content}, in hex (either case) and base64
	 * (standard and URL-safe, with and without padding).
	 */
	private static List<String> plainDigests(byte[] content) throws Exception {
		List<String> digests = new ArrayList<>();
		for (String algorithm : List.of("MD5", "SHA-1", "SHA-256", "SHA-512")) {
			byte[] digest = MessageDigest.getInstance(algorithm).digest(content);
			String hex = HexFormat.of().formatHex(digest);
			digests.addAll(List.of(hex, hex.toUpperCase(Locale.ROOT), Base64.getEncoder().encodeToString(digest),
					Base64.getEncoder().withoutPadding().encodeToString(digest),
					Base64.getUrlEncoder().encodeToString(digest),
					Base64.getUrlEncoder().withoutPadding().encodeToString(digest)));
		}
		assertThat(new String(content, StandardCharsets.UTF_8)).isNotEmpty();
		return digests;
	}

}
