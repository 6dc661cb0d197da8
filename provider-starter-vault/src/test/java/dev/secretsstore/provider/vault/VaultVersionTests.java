package dev.secretsstore.provider.vault;

import java.util.Base64;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.secretsstore.provider.vault.VaultTestSupport.CLIENT_TOKEN;
import static dev.secretsstore.provider.vault.VaultTestSupport.JWT;
import static dev.secretsstore.provider.vault.VaultTestSupport.kv2;
import static dev.secretsstore.provider.vault.VaultTestSupport.mountRequest;
import static dev.secretsstore.provider.vault.VaultTestSupport.okJson;
import static dev.secretsstore.provider.vault.VaultTestSupport.stubLogin;
import static org.assertj.core.api.Assertions.assertThat;

class VaultVersionTests {

	private static final String OBJECTS = """
			- objectName: pw
			  secretPath: secret/data/shop/db
			  secretKey: password
			- objectName: pw-copy
			  secretPath: secret/data/shop/db
			  secretKey: password
			""";

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
	void keepsTheVersionForTheSameContentAndChangesItWithTheContent() throws ProviderException {
		VaultSecretProvider provider = provider("");
		List<ObjectVersion> first = mount(provider).objectVersions();
		List<ObjectVersion> same = mount(provider).objectVersions();
		List<ObjectVersion> rotated = mount(provider).objectVersions();
		assertThat(same).isEqualTo(first);
		assertThat(rotated.get(0).version()).isNotEqualTo(first.get(0).version());
		assertThat(rotated).extracting(ObjectVersion::id).containsExactly("pw", "pw-copy");
	}

	@Test
	void writesBase64UrlOfA256BitDigestThatAlsoCoversTheObjectsSettings() throws ProviderException {
		List<ObjectVersion> versions = mount(provider("")).objectVersions();
		String version = versions.get(0).version();
		assertThat(version).hasSize(44).matches("[A-Za-z0-9_-]{43}=");
		assertThat(Base64.getUrlDecoder().decode(version)).hasSize(32);
		assertThat(versions.get(1).version()).isNotEqualTo(version);
	}

	@Test
	void keysTheDigestWhenAVersionKeyIsSet() throws ProviderException {
		String plain = mount(provider("")).objectVersions().get(0).version();
		this.vault.resetScenarios();
		String keyed = mount(provider("cluster-secret-key")).objectVersions().get(0).version();
		this.vault.resetScenarios();
		String otherKey = mount(provider("another-key")).objectVersions().get(0).version();
		assertThat(keyed).isNotEqualTo(plain).isNotEqualTo(otherKey).hasSize(44);
	}

	private VaultSecretProvider provider(String versionKey) {
		return new VaultSecretProvider(new VaultProviderProperties(true, this.vault.baseUrl(), null, null, null, null,
				null, 1000, null, versionKey));
	}

	private MountResponse mount(VaultSecretProvider provider) throws ProviderException {
		return provider.mount(mountRequest(this.vault.baseUrl(), OBJECTS));
	}

}
