package dev.secretsstore.provider.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.SecretFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.secretsstore.provider.vault.VaultTestSupport.CLIENT_TOKEN;
import static dev.secretsstore.provider.vault.VaultTestSupport.JWT;
import static dev.secretsstore.provider.vault.VaultTestSupport.POD_UID;
import static dev.secretsstore.provider.vault.VaultTestSupport.error;
import static dev.secretsstore.provider.vault.VaultTestSupport.kv2;
import static dev.secretsstore.provider.vault.VaultTestSupport.okJson;
import static dev.secretsstore.provider.vault.VaultTestSupport.podContext;
import static dev.secretsstore.provider.vault.VaultTestSupport.resource;
import static dev.secretsstore.provider.vault.VaultTestSupport.stubLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Cheap change checks of KV version 2 secrets against Vault's documented answers: a
 * rotation reads the metadata, not the value, while the version is unchanged, and returns
 * exactly what a full read would.
 */
class KvMetadataCheckTests {

	private static final String OBJECTS = """
			- objectName: pw
			  secretPath: secret/data/shop/db
			  secretKey: password
			- objectName: db/options
			  secretPath: secret/data/shop/db
			  secretKey: options
			""";

	private static final String DATA = "/v1/secret/data/shop/db";

	private static final String METADATA = "/v1/secret/metadata/shop/db";

	@TempDir
	Path target;

	private WireMockServer vault;

	private VaultSecretProvider provider;

	@BeforeEach
	void startVault() {
		this.vault = VaultTestSupport.startVault();
		stubLogin(this.vault, "kubernetes", "shop-reader", JWT, CLIENT_TOKEN, 3600);
		this.vault.stubFor(get(urlEqualTo(DATA)).willReturn(okJson(kv2("s3cret"))));
		this.vault.stubFor(get(urlEqualTo(METADATA)).willReturn(okJson(metadata(4, ""))));
		this.provider = provider(true);
	}

	@AfterEach
	void stopVault() {
		this.vault.stop();
	}

	@Test
	void anUnchangedSecretCostsOneMetadataReadAndKeepsTheMountedBytes() throws Exception {
		MountResponse first = mountAndWrite(List.of());
		MountResponse second = mountAndWrite(first.objectVersions());

		assertThat(second).isEqualTo(first);
		assertThat(second.files()).isEqualTo(first.files());
		assertThat(text(second.files().get(0))).isEqualTo("s3cret");
		assertThat(this.vault.countRequestsMatching(getRequestedFor(urlEqualTo(DATA)).build()).getCount()).isOne();
		assertThat(this.vault
			.countRequestsMatching(
					getRequestedFor(urlEqualTo(METADATA)).withHeader("X-Vault-Token", equalTo(CLIENT_TOKEN)).build())
			.getCount()).as("one metadata read for both objects of the path").isOne();
	}

	@Test
	void aNewCurrentVersionIsReadInFull() throws Exception {
		MountResponse first = mountAndWrite(List.of());
		this.vault.stubFor(get(urlEqualTo(METADATA)).willReturn(okJson(metadata(5, ""))));
		this.vault.stubFor(
				get(urlEqualTo(DATA)).willReturn(okJson(kv2("rotated").replace("\"version\": 4", "\"version\": 5"))));

		MountResponse second = mountAndWrite(first.objectVersions());
		MountResponse third = mountAndWrite(second.objectVersions());

		assertThat(text(second.files().get(0))).isEqualTo("rotated");
		assertThat(second.objectVersions().get(0)).isNotEqualTo(first.objectVersions().get(0));
		assertThat(third).as("version 5 is remembered after its full read").isEqualTo(second);
		assertThat(this.vault.countRequestsMatching(getRequestedFor(urlEqualTo(DATA)).build()).getCount()).isEqualTo(2);
	}

	@Test
	void aDeletedCurrentVersionIsReadInFullSoTheMountFailsAsAFullReadWould() throws Exception {
		MountResponse first = mountAndWrite(List.of());
		this.vault.stubFor(get(urlEqualTo(METADATA)).willReturn(okJson(metadata(4, "2026-12-06T10:00:00Z"))));
		this.vault.stubFor(get(urlEqualTo(DATA)).willReturn(error(404, "not-found.json")));

		assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> mountAndWrite(first.objectVersions()));
	}

	@Test
	void aMountedFileThatIsNotTheVersionHeldIsReadFromVaultAgain() throws Exception {
		MountResponse first = mountAndWrite(List.of());
		Files.writeString(this.target.resolve("pw"), "tampered");

		MountResponse second = this.provider.mount(request(first.objectVersions()));

		assertThat(second).isEqualTo(first);
		assertThat(text(second.files().get(0))).isEqualTo("s3cret");
		assertThat(this.vault.countRequestsMatching(getRequestedFor(urlEqualTo(DATA)).build()).getCount()).isEqualTo(2);
	}

	@Test
	void whenOneObjectOfAPathIsReadAllAreSoTheyComeFromOneVersion() throws Exception {
		String twoKeys = """
				- objectName: pw
				  secretPath: secret/data/shop/db
				  secretKey: password
				- objectName: pw-copy
				  secretPath: secret/data/shop/db
				  secretKey: password
				""";
		MountResponse first = mountAndWrite(twoKeys, List.of());
		Files.writeString(this.target.resolve("pw"), "tampered");
		// the secret changes after the metadata said version 4 is current
		this.vault.stubFor(
				get(urlEqualTo(DATA)).willReturn(okJson(kv2("rotated").replace("\"version\": 4", "\"version\": 5"))));

		MountResponse second = this.provider.mount(request(twoKeys, first.objectVersions()));

		assertThat(second.files()).extracting(KvMetadataCheckTests::text).containsExactly("rotated", "rotated");
	}

	@Test
	void aRefusedMetadataPathIsReadInFullAndNotAskedAgainForAWhile() throws Exception {
		this.vault.stubFor(get(urlEqualTo(METADATA)).willReturn(error(403, "permission-denied.json")));
		MountResponse first = mountAndWrite(List.of());

		MountResponse second = mountAndWrite(first.objectVersions());
		// Vault refusing a cached token is asked again after a fresh login, as every read
		// is
		int asked = this.vault.countRequestsMatching(getRequestedFor(urlEqualTo(METADATA)).build()).getCount();
		MountResponse third = mountAndWrite(second.objectVersions());

		assertThat(third).isEqualTo(first);
		assertThat(asked).isPositive();
		assertThat(this.vault.countRequestsMatching(getRequestedFor(urlEqualTo(DATA)).build()).getCount()).isEqualTo(3);
		assertThat(this.vault.countRequestsMatching(getRequestedFor(urlEqualTo(METADATA)).build()).getCount())
			.as("remembered: not asked again")
			.isEqualTo(asked);
	}

	@Test
	void offByDefaultEveryRotationReadsTheValueAsTheGoProviderDoes() throws Exception {
		this.provider = provider(false);
		MountResponse first = mountAndWrite(List.of());
		mountAndWrite(first.objectVersions());

		assertThat(this.vault.countRequestsMatching(getRequestedFor(urlEqualTo(DATA)).build()).getCount()).isEqualTo(2);
		assertThat(this.vault.countRequestsMatching(getRequestedFor(urlEqualTo(METADATA)).build()).getCount()).isZero();
		assertThat(VaultProviderProperties.defaults().kvMetadataChecks()).isFalse();
	}

	private VaultSecretProvider provider(boolean checks) {
		return new VaultSecretProvider(new VaultProviderProperties(true, this.vault.baseUrl(), null, null, null, null,
				null, 1000, null, "version-key", null, checks));
	}

	/**
	 * Mounts as the driver does: sends the versions held, then writes the files.
	 */
	private MountResponse mountAndWrite(List<ObjectVersion> held) throws ProviderException, IOException {
		return mountAndWrite(OBJECTS, held);
	}

	private MountResponse mountAndWrite(String objects, List<ObjectVersion> held)
			throws ProviderException, IOException {
		MountResponse response = this.provider.mount(request(objects, held));
		for (SecretFile file : response.files()) {
			Path path = this.target.resolve(file.path());
			Files.createDirectories(path.getParent());
			Files.write(path, file.contents());
		}
		return response;
	}

	private MountRequest request(List<ObjectVersion> held) {
		return request(OBJECTS, held);
	}

	private MountRequest request(String objects, List<ObjectVersion> held) {
		Map<String, String> attributes = new HashMap<>(podContext(POD_UID, "vault", JWT));
		attributes.putAll(Map.of("roleName", "shop-reader", "vaultAddress", this.vault.baseUrl(), "objects", objects));
		return new MountRequest(attributes, Map.of(), this.target.toString(), MountRequest.DEFAULT_PERMISSION, held);
	}

	private static String metadata(int current, String deleted) {
		return resource("vault/kv2-metadata.json").replace("{{current}}", Integer.toString(current))
			.replace("{{deleted}}", deleted);
	}

	private static String text(SecretFile file) {
		return new String(file.contents(), StandardCharsets.UTF_8);
	}

}
