package dev.secretsstore.provider.plugin;

import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.plugin.v1alpha1.File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PluginCodec}: the SPI records to v1alpha1 messages and back.
 */
class PluginCodecTests {

	private static final MountRequest REQUEST = new MountRequest(Map.of("b", "2", "a", "1"), Map.of("k", "v"),
			"/target", MountRequest.DEFAULT_PERMISSION, List.of(new ObjectVersion("secret/a", "3")));

	@Test
	void encodesRequestAsTheGoDriverDoes() {
		var proto = PluginCodec.toProto(REQUEST);
		assertThat(proto.getAttributes()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
		assertThat(proto.getSecrets()).isEqualTo("{\"k\":\"v\"}");
		assertThat(proto.getTargetPath()).isEqualTo("/target");
		assertThat(proto.getPermission()).isEqualTo("420");
		assertThat(proto.getCurrentObjectVersionList()).singleElement()
			.satisfies((version) -> assertThat(version.getId() + "=" + version.getVersion()).isEqualTo("secret/a=3"));
	}

	@Test
	void decodesWhatItEncodes() {
		assertThat(PluginCodec.fromProto(PluginCodec.toProto(REQUEST))).isEqualTo(REQUEST);
	}

	@Test
	void decodesPermissions() {
		assertThat(PluginCodec.permission("420")).isEqualTo(0644);
		assertThat(PluginCodec.permission(" 384\n")).isEqualTo(0600);
		assertThat(PluginCodec.permission("")).isEqualTo(MountRequest.DEFAULT_PERMISSION);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "-1", "512", "4200", "\"420\"", "0644x", "4.2" })
	void rejectsInvalidPermissions(String json) {
		assertThatIllegalArgumentException().isThrownBy(() -> PluginCodec.permission(json))
			.withMessageStartingWith("permission ");
	}

	@Test
	void roundTripsResponses() {
		MountResponse response = new MountResponse(List.of(new ObjectVersion("a", "1")),
				List.of(new SecretFile("a/b/c", 0600, new byte[] { 1, 2 }), new SecretFile("d", 0, new byte[0])));
		var proto = PluginCodec.toProto(response);
		assertThat(proto.getFilesList()).extracting(File::getMode).containsExactly(0600, 0644);
		assertThat(PluginCodec.fromProto(proto)).isEqualTo(response);
	}

	@Test
	void rejectsFilesThatWouldEscapeTheVolume() {
		var proto = dev.secretsstore.provider.plugin.v1alpha1.MountResponse.newBuilder()
			.addObjectVersion(dev.secretsstore.provider.plugin.v1alpha1.ObjectVersion.newBuilder().setId("a"))
			.addFiles(File.newBuilder().setPath("../x").setContents(ByteString.copyFromUtf8("secret")))
			.build();
		assertThatIllegalArgumentException().isThrownBy(() -> PluginCodec.fromProto(proto))
			.withMessageContaining("'../x'")
			.withMessageNotContaining("secret");
	}

}
