package dev.secretsstore.provider.plugin;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.plugin.v1alpha1.Error;
import dev.secretsstore.provider.plugin.v1alpha1.File;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PluginClient} against a raw, scripted plugin on a real Unix socket:
 * what goes on the wire and how each answer is turned into a result.
 */
class PluginClientTests {

	private static final MountRequest REQUEST = new MountRequest(Map.of("objects", "a"), Map.of(), "/target", 0644,
			List.of());

	private ScriptedPluginFixture fixture;

	private ScriptedPlugin plugin;

	private PluginClient client;

	@BeforeEach
	void start() throws IOException {
		this.fixture = new ScriptedPluginFixture();
		this.plugin = this.fixture.plugin;
		this.client = this.fixture.client;
	}

	@AfterEach
	void stop() throws IOException {
		this.fixture.close();
	}

	@Test
	void sendsWhatTheGoDriverSends() throws ProviderException {
		this.plugin.answer(versioned().build());
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("zeta", "1");
		attributes.put("alpha", "<x&y>");
		attributes.put("Mid", "m");
		this.client.mount(new MountRequest(attributes, Map.of(), "/var/lib/kubelet/pods/p/volumes/v/mount", 0644,
				List.of(new ObjectVersion("secret/a", "7"))));
		var sent = this.plugin.mounts.get(0);
		assertThat(sent.getPermission()).isEqualTo("420");
		assertThat(sent.getAttributes()).isEqualTo("{\"Mid\":\"m\",\"alpha\":\"<x&y>\",\"zeta\":\"1\"}");
		assertThat(sent.getSecrets()).isEqualTo("{}");
		assertThat(sent.getTargetPath()).isEqualTo("/var/lib/kubelet/pods/p/volumes/v/mount");
		assertThat(sent.getCurrentObjectVersionList()).singleElement()
			.satisfies((version) -> assertThat(version.getId() + "=" + version.getVersion()).isEqualTo("secret/a=7"));
		assertThat(this.plugin.authorities).containsExactly("localhost");
	}

	@Test
	void sendsSecretsAsAnObjectWithSortedKeys() throws ProviderException {
		this.plugin.answer(versioned().build());
		this.client.mount(new MountRequest(Map.of(), Map.of("user", "u", "password", "p"), "/t", 0644, List.of()));
		assertThat(this.plugin.mounts.get(0).getSecrets()).isEqualTo("{\"password\":\"p\",\"user\":\"u\"}");
		assertThat(this.plugin.mounts.get(0).getAttributes()).isEqualTo("{}");
	}

	@Test
	void returnsFilesAndVersions() throws ProviderException {
		this.plugin.answer(versioned()
			.addFiles(File.newBuilder().setPath("a/b/c").setMode(0600).setContents(ByteString.copyFromUtf8("s")))
			.build());
		assertThat(this.client.mount(REQUEST)).isEqualTo(new MountResponse(List.of(new ObjectVersion("secret/a", "1")),
				List.of(new SecretFile("a/b/c", 0600, "s".getBytes()))));
	}

	@Test
	void returnsNoFilesForLegacyPlugins() throws ProviderException {
		this.plugin.answer(versioned().build());
		MountResponse response = this.client.mount(REQUEST);
		assertThat(response.files()).isEmpty();
		assertThat(response.objectVersions()).containsExactly(new ObjectVersion("secret/a", "1"));
	}

	@Test
	void rejectsResponsesWithoutObjectVersions() {
		this.plugin.answer(dev.secretsstore.provider.plugin.v1alpha1.MountResponse.newBuilder()
			.addFiles(File.newBuilder().setPath("a"))
			.build());
		assertFailure(Reason.FAILED).withMessageContaining("missing object versions")
			.satisfies((ex) -> assertThat(ex.errorCode()).isEmpty());
	}

	@Test
	void reportsTheProvidersErrorCode() {
		this.plugin.answer(dev.secretsstore.provider.plugin.v1alpha1.MountResponse.newBuilder()
			.setError(Error.newBuilder().setCode("E_STORE"))
			.build());
		assertFailure(Reason.FAILED).withMessage("provider scripted failed the mount with error code E_STORE")
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo("E_STORE"));
	}

	@Test
	void rejectsFilePathsThatEscapeTheVolume() {
		this.plugin.answer(versioned().addFiles(File.newBuilder().setPath("../x").setMode(0644)).build());
		assertFailure(Reason.FAILED).withMessageContaining("scripted").withMessageContaining("'../x'");
	}

	@Test
	void rejectsInvalidFileModes() {
		this.plugin.answer(versioned().addFiles(File.newBuilder().setPath("f").setMode(01000)).build());
		assertFailure(Reason.FAILED).withMessageContaining("file 'f' has mode 512");
	}

	@Test
	void asksForTheVersionOfTheProtocolItSpeaks() throws ProviderException {
		assertThat(this.client.checkVersion()).isEqualTo(new ProviderVersion("scripted", "0.0.1"));
		assertThat(this.plugin.versions).singleElement()
			.satisfies((request) -> assertThat(request.getVersion()).isEqualTo("v1alpha1"));
		assertThat(this.plugin.authorities).containsExactly("localhost");
	}

	private static dev.secretsstore.provider.plugin.v1alpha1.MountResponse.Builder versioned() {
		return dev.secretsstore.provider.plugin.v1alpha1.MountResponse.newBuilder()
			.addObjectVersion(dev.secretsstore.provider.plugin.v1alpha1.ObjectVersion.newBuilder()
				.setId("secret/a")
				.setVersion("1"));
	}

	private org.assertj.core.api.ThrowableAssertAlternative<ProviderException> assertFailure(Reason reason) {
		return assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> this.client.mount(REQUEST))
			.matches((ex) -> ex.reason() == reason && !ex.isRetryable(), "reason " + reason + ", not retryable");
	}

}
