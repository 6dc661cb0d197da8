package dev.secretsstore.driver.kubernetes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.driver.testing.MutableClock;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.RetryableProviderException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApiSharedKeysTests {

	private static final String NAME = "vault-csi-provider-hmac-key";

	private static final Supplier<byte[]> NEVER = () -> {
		throw new AssertionError("no candidate is needed when the Secret exists");
	};

	private final KubernetesApiDouble server = KubernetesApiDouble.start();

	private final MutableClock clock = new MutableClock();

	private final ApiSharedKeys keys = new ApiSharedKeys(this.server.core(), "csi", Duration.ofMinutes(1), this.clock);

	@TempDir
	Path folder;

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void theFirstUseCreatesAnImmutableSecretWithTheCandidate() throws Exception {
		byte[] key = this.keys.getOrCreate(NAME, "key", () -> bytes("candidate-one"));

		assertThat(key).isEqualTo(bytes("candidate-one"));
		V1Secret stored = this.server.core().readNamespacedSecret(NAME, "csi").execute();
		assertThat(stored.getImmutable()).isTrue();
		assertThat(stored.getData()).containsOnlyKeys("key");
		assertThat(stored.getData().get("key")).isEqualTo(bytes("candidate-one"));
	}

	@Test
	void anExistingSecretIsReadAndItsKeyKeptForAMinute() throws Exception {
		secret(Map.of("key", bytes("existing")));

		assertThat(this.keys.getOrCreate(NAME, "key", NEVER)).isEqualTo(bytes("existing"));
		int afterFirst = this.server.requestCount();
		assertThat(this.keys.getOrCreate(NAME, "key", NEVER)).isEqualTo(bytes("existing"));
		assertThat(this.server.requestCount()).isEqualTo(afterFirst);

		this.clock.advance(Duration.ofSeconds(61));
		this.keys.getOrCreate(NAME, "key", NEVER);
		assertThat(this.server.requestCount()).isEqualTo(afterFirst + 1);
	}

	@Test
	void losingTheRaceToCreateUsesTheWinnersKey() throws Exception {
		byte[] key = this.keys.getOrCreate(NAME, "key", () -> {
			// another node creates it between our 404 and our create, which then answers
			// 409 AlreadyExists
			secret(Map.of("key", bytes("winner")));
			return bytes("loser");
		});

		assertThat(key).isEqualTo(bytes("winner"));
		assertThat(this.server.core().readNamespacedSecret(NAME, "csi").execute().getData().get("key"))
			.isEqualTo(bytes("winner"));
	}

	@Test
	void forbiddenSaysWhichRbacIsMissingAndAnUnreachableServerIsRetryable() {
		this.server.failNamespace("csi", 403, "secrets \"vault-csi-provider-hmac-key\" is forbidden");
		assertThatExceptionOfType(ProviderException.class)
			.isThrownBy(() -> this.keys.getOrCreate(NAME, "key", () -> bytes("x")))
			.isNotInstanceOf(RetryableProviderException.class)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.PERMISSION_DENIED))
			.withMessageContaining("needs get on the secret " + NAME + " and create on secrets in namespace csi");

		this.server.failNamespace("csi", 500, "etcd is down");
		assertThatExceptionOfType(RetryableProviderException.class)
			.isThrownBy(() -> this.keys.getOrCreate(NAME, "key", () -> bytes("x")));
	}

	@Test
	void aSecretWithoutTheKeyIsAFailureNotOverwritten() throws Exception {
		secret(Map.of("other", bytes("x")));
		assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> this.keys.getOrCreate(NAME, "key", NEVER))
			.withMessageContaining("delete it");
	}

	@Test
	void theNamespaceIsThePodsOwnOrDefault() throws Exception {
		Path file = Files.writeString(this.folder.resolve("namespace"), "kube-system\n");
		assertThat(ApiSharedKeys.ownNamespace(file)).isEqualTo("kube-system");
		assertThat(ApiSharedKeys.ownNamespace(this.folder.resolve("absent"))).isEqualTo("default");
	}

	private void secret(Map<String, byte[]> data) {
		this.server.create(new V1Secret().apiVersion("v1")
			.kind("Secret")
			.metadata(new V1ObjectMeta().name(NAME).namespace("csi"))
			.data(data));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
