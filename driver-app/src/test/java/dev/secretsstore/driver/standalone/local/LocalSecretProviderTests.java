package dev.secretsstore.driver.standalone.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.SecretFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LocalSecretProviderTests {

	@TempDir
	Path base;

	private Path root;

	private LocalSecretProvider provider;

	@BeforeEach
	void setUp() throws Exception {
		this.root = Files.createDirectories(this.base.resolve("secrets"));
		Files.writeString(this.root.resolve("db-password"), "hunter2");
		Files.createDirectories(this.root.resolve("api"));
		Files.writeString(this.root.resolve("api/token"), "t0ken");
		Files.writeString(this.base.resolve("outside"), "not yours");
		this.provider = new LocalSecretProvider(this.root);
	}

	@Test
	void mountsTheListedFilesWithAliasesModesAndContentHashVersions() throws Exception {
		MountResponse response = mount("""
				- objectName: db-password
				- objectName: api/token
				  objectAlias: api-token
				  filePermission: "0440"
				""");
		assertThat(response.files()).extracting(SecretFile::path).containsExactly("db-password", "api-token");
		assertThat(response.files().get(0).contents()).asString().isEqualTo("hunter2");
		assertThat(response.files().get(0).mode()).isEqualTo(0644);
		assertThat(response.files().get(1).mode()).isEqualTo(0440);
		assertThat(response.objectVersions()).extracting(ObjectVersion::id)
			.containsExactly("file/db-password", "file/api/token");
		assertThat(response.objectVersions().get(0).version()).hasSize(44);
	}

	@Test
	void noVersionIsAPlainDigestOfTheContent() throws Exception {
		Files.writeString(this.root.resolve("pin"), "1234");
		MountResponse response = mount("""
				- objectName: db-password
				- objectName: api/token
				- objectName: pin
				""");
		for (int i = 0; i < response.files().size(); i++) {
			assertThat(plainDigests(response.files().get(i).contents()))
				.doesNotContain(response.objectVersions().get(i).version());
		}
	}

	@Test
	void versionsStayTheSameUnderTheSameKeyAndDifferUnderAnother() throws Exception {
		byte[] key = new byte[32];
		key[0] = 1;
		String version = new LocalSecretProvider(this.root, key).mount(request("- objectName: db-password"))
			.objectVersions()
			.get(0)
			.version();
		assertThat(new LocalSecretProvider(this.root, key.clone()).mount(request("- objectName: db-password"))
			.objectVersions()).extracting(ObjectVersion::version).containsExactly(version);
		assertThat(new LocalSecretProvider(this.root, new byte[32]).mount(request("- objectName: db-password"))
			.objectVersions()).extracting(ObjectVersion::version).doesNotContain(version);
	}

	@Test
	void equalContentUnderTwoObjectsShowsTwoVersions() throws Exception {
		Files.writeString(this.root.resolve("copy"), "hunter2");
		List<ObjectVersion> versions = mount("- objectName: db-password\n- objectName: copy").objectVersions();
		assertThat(versions.get(0).version()).isNotEqualTo(versions.get(1).version());
	}

	@Test
	void anEditedFileGetsANewVersion() throws Exception {
		String before = mount("- objectName: db-password").objectVersions().get(0).version();
		Files.writeString(this.root.resolve("db-password"), "correct horse");
		assertThat(mount("- objectName: db-password").objectVersions().get(0).version()).isNotEqualTo(before);
	}

	@Test
	void nothingOutsideTheRootCanBeMounted() throws Exception {
		assertRefused("- objectName: ../outside", Reason.INVALID_PARAMETERS, "outside the local provider's root");
		assertRefused("- objectName: " + this.base.resolve("outside"), Reason.INVALID_PARAMETERS, "outside");
		Files.createSymbolicLink(this.root.resolve("sneaky"), this.base.resolve("outside"));
		assertRefused("- objectName: sneaky", Reason.INVALID_PARAMETERS, "links outside");
		Files.createSymbolicLink(this.root.resolve("up"), this.base);
		assertRefused("- objectName: up/outside", Reason.INVALID_PARAMETERS, "links outside");
	}

	@Test
	void badParametersAndMissingObjectsAreNamed() {
		assertRefused(null, Reason.INVALID_PARAMETERS, "parameter 'objects' is missing");
		assertRefused("objectName: [", Reason.INVALID_PARAMETERS, "not a YAML list");
		assertRefused("- objectAlias: x", Reason.INVALID_PARAMETERS, "without objectName");
		assertRefused("- objectName: db-password\n  filePermission: rwx", Reason.INVALID_PARAMETERS, "db-password");
		assertRefused("- objectName: db-password\n  objectAlias: ../x", Reason.INVALID_PARAMETERS, "'..'");
		assertRefused("- objectName: nope", Reason.NOT_FOUND, "object 'nope' not found");
		assertRefused("- objectName: api", Reason.NOT_FOUND, "not a file");
	}

	private MountResponse mount(String objects) throws ProviderException {
		return this.provider.mount(request(objects));
	}

	private static MountRequest request(String objects) {
		Map<String, String> attributes = (objects != null) ? Map.of("objects", objects) : Map.of();
		return new MountRequest(attributes, Map.of(), "/target", 0644, List.of());
	}

	private void assertRefused(String objects, Reason reason, String message) {
		ProviderException failure = catchThrowableOfType(ProviderException.class,
				() -> this.provider.mount(request(objects)));
		assertThat(failure).as(objects).isNotNull();
		assertThat(failure.reason()).isEqualTo(reason);
		assertThat(failure.getMessage()).contains(message);
	}

	/**
	 * Every plain digest of {@code content} an attacker would try against a version: MD5,
	 * SHA-1, SHA-256 and SHA-512, in hex (either case) and base64 (standard and URL-safe,
	 * with and without padding).
	 */
	static List<String> plainDigests(byte[] content) throws Exception {
		List<String> digests = new java.util.ArrayList<>();
		for (String algorithm : List.of("MD5", "SHA-1", "SHA-256", "SHA-512")) {
			byte[] digest = java.security.MessageDigest.getInstance(algorithm).digest(content);
			String hex = java.util.HexFormat.of().formatHex(digest);
			digests.addAll(List.of(hex, hex.toUpperCase(java.util.Locale.ROOT),
					java.util.Base64.getEncoder().encodeToString(digest),
					java.util.Base64.getEncoder().withoutPadding().encodeToString(digest),
					java.util.Base64.getUrlEncoder().encodeToString(digest),
					java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest)));
		}
		return digests;
	}

}
