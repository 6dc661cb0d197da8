package dev.secretsstore.provider.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.plugin.v1alpha1.VersionRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link PluginServer}: its socket file and how it decodes requests a Go driver
 * or a raw client sends.
 */
class PluginServerTests {

	private static final MountResponse RESPONSE = new MountResponse(List.of(new ObjectVersion("a", "1")), List.of());

	private final Path directory = PluginTestSupport.socketDirectory();

	private final Path socket = this.directory.resolve("p.sock");

	private final RecordingProvider provider = new RecordingProvider().answer(RESPONSE);

	@AfterEach
	void deleteDirectory() throws IOException {
		PluginTestSupport.delete(this.directory);
	}

	@Test
	void replacesAStaleSocket() throws IOException, ProviderException {
		PluginTestSupport.staleSocket(this.socket);
		assertThat(this.socket).exists();
		try (PluginServer server = PluginServer.serve(this.socket, this.provider);
				PluginClient client = new PluginClient("recording", this.socket, PluginTestSupport.fastOptions())) {
			assertThat(client.mount(new MountRequest(Map.of(), Map.of(), "/t", 0644, List.of()))).isEqualTo(RESPONSE);
		}
	}

	@Test
	void leavesAnythingButASocketAlone() throws IOException {
		Files.writeString(this.socket, "keep");
		PluginServer server = new PluginServer(this.socket, this.provider);
		assertThatExceptionOfType(IOException.class).isThrownBy(server::start).withMessageContaining("is not a socket");
		assertThat(this.socket).hasContent("keep");
	}

	@Test
	void restrictsTheSocketToOwnerAndGroupAndRemovesItOnClose() throws IOException {
		try (PluginServer server = PluginServer.serve(this.socket, this.provider)) {
			assertThat(Files.getPosixFilePermissions(this.socket))
				.isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
			assertThatIllegalStateException().isThrownBy(server::start);
		}
		assertThat(this.socket).doesNotExist();
	}

	@Test
	void rejectsSocketPathsTooLongForTheKernel() {
		PluginServer server = new PluginServer(this.directory.resolve("s".repeat(100) + ".sock"), this.provider);
		assertThatExceptionOfType(IOException.class).isThrownBy(server::start).withMessageContaining("107 bytes");
	}

	@Test
	void decodesWhatTheGoDriverSendsForAVolumeWithoutSecrets() throws IOException {
		try (PluginServer server = PluginServer.serve(this.socket, this.provider)) {
			ManagedChannel channel = PluginTestSupport.rawChannel(this.socket);
			try {
				var response = PluginTestSupport.rawStub(channel)
					.mount(dev.secretsstore.provider.plugin.v1alpha1.MountRequest.newBuilder()
						.setAttributes("{\"a\":\"\\u003c1\\u003e\"}")
						// Go marshals the nil secrets map of a volume without
						// nodePublishSecretRef to null
						.setSecrets("null")
						.setTargetPath("/t")
						.setPermission("420")
						.build());
				assertThat(response.getObjectVersion(0).getId()).isEqualTo("a");
				assertThat(PluginTestSupport.rawStub(channel).version(VersionRequest.newBuilder().build()).getVersion())
					.isEqualTo("v1alpha1");
			}
			finally {
				channel.shutdownNow();
			}
		}
		assertThat(this.provider.requests)
			.containsExactly(new MountRequest(Map.of("a", "<1>"), Map.of(), "/t", 0644, List.of()));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "attributes|[\"s3cr3t\"]", "secrets|{\"password\": s3cr3t}", "permission|s3cr3t" })
	void rejectsFieldsThatDoNotDecodeWithoutQuotingThem(String field, String value) throws IOException {
		var request = dev.secretsstore.provider.plugin.v1alpha1.MountRequest.newBuilder()
			.setAttributes("{}")
			.setSecrets("{}")
			.setPermission("420");
		request.setField(request.getDescriptorForType().findFieldByName(field), value);
		try (PluginServer server = PluginServer.serve(this.socket, this.provider)) {
			ManagedChannel channel = PluginTestSupport.rawChannel(this.socket);
			try {
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> PluginTestSupport.rawStub(channel).mount(request.build()))
					.matches((ex) -> ex.getStatus().getCode() == Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT")
					.withMessageContaining(field)
					.withMessageNotContaining("s3cr3t");
			}
			finally {
				channel.shutdownNow();
			}
		}
		assertThat(this.provider.requests).isEmpty();
	}

}
