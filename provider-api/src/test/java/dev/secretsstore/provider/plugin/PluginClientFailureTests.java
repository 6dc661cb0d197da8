package dev.secretsstore.provider.plugin;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.RetryableProviderException;
import dev.secretsstore.provider.plugin.v1alpha1.File;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for how {@link PluginClient} fails: gRPC statuses, retries, deadlines, size
 * limits and missing sockets.
 */
class PluginClientFailureTests {

	private static final MountRequest REQUEST = new MountRequest(Map.of(), Map.of("password", "s3cr3t"), "/t", 0644,
			List.of());

	private ScriptedPluginFixture fixture;

	private ScriptedPlugin plugin;

	@BeforeEach
	void start() throws IOException {
		this.fixture = new ScriptedPluginFixture();
		this.plugin = this.fixture.plugin;
	}

	@AfterEach
	void stop() throws IOException {
		this.fixture.close();
	}

	@ParameterizedTest
	@CsvSource({ "INVALID_ARGUMENT, INVALID_PARAMETERS, false", "NOT_FOUND, NOT_FOUND, false",
			"PERMISSION_DENIED, PERMISSION_DENIED, false", "UNAUTHENTICATED, PERMISSION_DENIED, false",
			"ABORTED, UNAVAILABLE, true", "RESOURCE_EXHAUSTED, UNAVAILABLE, true", "INTERNAL, FAILED, false",
			"UNKNOWN, FAILED, false", "UNIMPLEMENTED, FAILED, false" })
	void mapsStatuses(Status.Code code, Reason reason, boolean retryable) {
		this.plugin.answer(Status.fromCode(code).withDescription("described"));
		assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> this.fixture.client.mount(REQUEST))
			.matches((ex) -> ex.reason() == reason && ex.isRetryable() == retryable,
					reason + ", retryable " + retryable)
			.withMessageContaining("provider scripted at " + this.fixture.socket)
			.withMessageContaining(code + ": described")
			.withMessageNotContaining("s3cr3t");
		// only UNAVAILABLE is retried by the channel
		assertThat(this.plugin.mounts).hasSize(1);
	}

	@Test
	void retriesUnavailableUntilItSucceeds() throws ProviderException {
		this.plugin.answer(Status.UNAVAILABLE, Status.UNAVAILABLE, versioned());
		assertThat(this.fixture.client.mount(REQUEST).objectVersions()).hasSize(1);
		assertThat(this.plugin.mounts).hasSize(3);
	}

	@Test
	void givesUpAfterThreeAttempts() {
		this.plugin.answer(Status.UNAVAILABLE.withDescription("store down"));
		assertThatExceptionOfType(RetryableProviderException.class).isThrownBy(() -> this.fixture.client.mount(REQUEST))
			.withMessageContaining("UNAVAILABLE: store down");
		assertThat(this.plugin.mounts).hasSize(3);
	}

	@Test
	void failsFinallyWithAHintWhenTheResponseIsTooLarge() {
		this.plugin.answer(versioned().toBuilder()
			.addFiles(File.newBuilder().setPath("big").setContents(ByteString.copyFrom(new byte[4096])))
			.build());
		try (PluginClient small = this.fixture.client(PluginTestSupport.fastOptions().withMaxCallRecvMsgSize(1024))) {
			assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> small.mount(REQUEST))
				.matches((ex) -> !ex.isRetryable() && ex.reason() == Reason.FAILED, "final")
				.withMessageContaining("RESOURCE_EXHAUSTED")
				.withMessageContaining("raise --max-call-recv-msg-size")
				.withMessageContaining(this.fixture.socket.toString());
		}
		assertThat(this.plugin.mounts).hasSize(1);
	}

	@Test
	void reportsAnExceededDeadlineAsRetryable() {
		this.plugin.answer(ScriptedPlugin.HANG);
		try (PluginClient impatient = this.fixture
			.client(PluginTestSupport.fastOptions().withCallTimeout(Duration.ofMillis(300)))) {
			assertThatExceptionOfType(RetryableProviderException.class).isThrownBy(() -> impatient.mount(REQUEST))
				.withMessageContaining("DEADLINE_EXCEEDED");
		}
	}

	@Test
	void failsFastWithoutASocket() {
		Path absent = this.fixture.directory.resolve("absent.sock");
		try (PluginClient client = new PluginClient("absent", absent, PluginClientOptions.defaults())) {
			assertTimeoutPreemptively(Duration.ofSeconds(5),
					() -> assertThatExceptionOfType(RetryableProviderException.class)
						.isThrownBy(() -> client.mount(REQUEST))
						.withMessageContaining("provider absent has no socket at " + absent));
			assertThatExceptionOfType(RetryableProviderException.class).isThrownBy(client::checkVersion);
			assertThat(client.version()).isEqualTo(new ProviderVersion("absent", "unknown"));
		}
	}

	@Test
	void failsFastWhenNobodyListens() throws IOException {
		Path dead = this.fixture.directory.resolve("dead.sock");
		PluginTestSupport.staleSocket(dead);
		try (PluginClient client = new PluginClient("dead", dead, PluginTestSupport.fastOptions())) {
			assertTimeoutPreemptively(Duration.ofSeconds(10),
					() -> assertThatExceptionOfType(RetryableProviderException.class)
						.isThrownBy(() -> client.mount(REQUEST))
						.withMessageContaining("provider dead at " + dead)
						.withMessageContaining("UNAVAILABLE"));
		}
	}

	@Test
	void rejectsInvalidProviderNames() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PluginClient("../etc", this.fixture.socket, PluginClientOptions.defaults()))
			.withMessageContaining("not a valid provider name");
	}

	private static dev.secretsstore.provider.plugin.v1alpha1.MountResponse versioned() {
		return dev.secretsstore.provider.plugin.v1alpha1.MountResponse.newBuilder()
			.addObjectVersion(dev.secretsstore.provider.plugin.v1alpha1.ObjectVersion.newBuilder().setId("a"))
			.build();
	}

}
