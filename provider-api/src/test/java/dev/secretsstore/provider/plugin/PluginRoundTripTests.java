package dev.secretsstore.provider.plugin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.RetryableProviderException;
import dev.secretsstore.provider.SecretFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for an in-process provider served by {@link PluginServer} and called through
 * {@link PluginClient}: what one side sends, the other receives, failures included.
 */
class PluginRoundTripTests {

	private static final MountRequest REQUEST = new MountRequest(
			Map.of("objects", "- name: db", MountRequest.POD_NAME, "web-0"), Map.of("clientSecret", "s3cr3t"),
			"/var/lib/kubelet/pods/p/volumes/v/mount", 0644, List.of(new ObjectVersion("secret/db", "6")));

	private static final MountResponse RESPONSE = new MountResponse(
			List.of(new ObjectVersion("secret/db", "7"), new ObjectVersion("secret/tls", "2")),
			List.of(new SecretFile("a/b/c", 0600, "nested".getBytes()), new SecretFile("db", 0, "pw".getBytes()),
					new SecretFile("tls.crt", 0444, new byte[] { 0, (byte) 0xff })));

	private final RecordingProvider provider = new RecordingProvider().answer(RESPONSE);

	private Path directory;

	private PluginServer server;

	private PluginClient client;

	@BeforeEach
	void start() throws IOException {
		this.directory = PluginTestSupport.socketDirectory();
		this.server = PluginServer.serve(this.directory.resolve("p.sock"), this.provider);
		this.client = new PluginClient("recording", this.server.socket(), PluginTestSupport.fastOptions());
	}

	@AfterEach
	void stop() throws IOException {
		this.client.close();
		this.server.close();
		PluginTestSupport.delete(this.directory);
	}

	@Test
	void mountsThroughTheSocket() throws ProviderException {
		MountResponse response = this.client.mount(REQUEST);
		assertThat(response).isEqualTo(RESPONSE);
		assertThat(response.files()).extracting(SecretFile::mode).containsExactly(0600, 0644, 0444);
		assertThat(this.provider.requests).containsExactly(REQUEST);
	}

	@Test
	void sendsTheProvidersErrorCodeInTheResponse() {
		this.provider.fail(new ProviderException(Reason.FAILED, "E42", "the store refused secret/db"));
		assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> this.client.mount(REQUEST))
			.withMessage("provider recording failed the mount with error code E42")
			.matches((ex) -> ex.reason() == Reason.FAILED && ex.errorCode().equals("E42"), "FAILED with E42");
	}

	@ParameterizedTest
	@EnumSource(Reason.class)
	void keepsTheReasonOfFailuresWithoutErrorCode(Reason reason) {
		this.provider.fail(new ProviderException(reason, "", "object secret/db is at fault"));
		assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> this.client.mount(REQUEST))
			.matches((ex) -> ex.reason() == reason, "reason " + reason)
			.matches((ex) -> ex.isRetryable() == (reason == Reason.UNAVAILABLE), "retryable only when UNAVAILABLE")
			.withMessageContaining("object secret/db is at fault")
			.withMessageNotContaining("s3cr3t");
	}

	@Test
	void keepsRetryableFailuresRetryableAndRetriesThem() {
		this.provider.fail(new RetryableProviderException("", "the store is throttling"));
		assertThatExceptionOfType(RetryableProviderException.class).isThrownBy(() -> this.client.mount(REQUEST))
			.withMessageContaining("the store is throttling");
		assertThat(this.provider.requests).hasSize(3);
	}

	@Test
	void reportsUnexpectedProviderFailuresAsFailedWithoutTheirMessage() {
		this.provider.fail(new IllegalStateException("token s3cr3t expired"));
		assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> this.client.mount(REQUEST))
			.matches((ex) -> ex.reason() == Reason.FAILED && !ex.isRetryable(), "final")
			.withMessageContaining("INTERNAL")
			.withMessageContaining("java.lang.IllegalStateException")
			.withMessageNotContaining("s3cr3t");
	}

	@Test
	void answersTheVersionQuery() throws ProviderException {
		assertThat(this.client.checkVersion()).isEqualTo(new ProviderVersion("recording-provider", "1.2.3"));
		assertThat(this.client.version()).isEqualTo(new ProviderVersion("recording-provider", "1.2.3"));
	}

}
