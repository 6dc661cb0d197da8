package dev.secretsstore.driver.csi;

import dev.secretsstore.driver.csi.v1.NodePublishVolumeRequest;
import dev.secretsstore.driver.csi.v1.NodeStageVolumeRequest;
import dev.secretsstore.provider.MountRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretStripperTests {

	@Test
	void stripsSecretFieldsAndTokensAndKeepsTheRest() {
		NodePublishVolumeRequest request = NodePublishVolumeRequest.newBuilder()
			.setVolumeId("csi-1")
			.setTargetPath("/var/lib/kubelet/pods/u/volumes/kubernetes.io~csi/v/mount")
			.putSecrets("clientSecret", "hunter2")
			.putVolumeContext(MountRequest.SERVICE_ACCOUNT_TOKENS, "{\"aud\":{\"token\":\"eyJhbGciOi\"}}")
			.putVolumeContext("secretProviderClass", "app")
			.build();

		String logged = SecretStripper.toLogString(request);

		assertThat(logged).doesNotContain("hunter2", "eyJhbGciOi")
			.contains("csi-1", "secretProviderClass", "app", "clientSecret", SecretStripper.STRIPPED);
		assertThat(request.getSecretsMap()).containsEntry("clientSecret", "hunter2");
	}

	@Test
	void stripsByTheCsiSecretOptionInEveryMessage() {
		String logged = SecretStripper
			.toLogString(NodeStageVolumeRequest.newBuilder().setVolumeId("v").putSecrets("k", "topsecret").build());
		assertThat(logged).doesNotContain("topsecret").contains(SecretStripper.STRIPPED);
	}

	@Test
	void cutsEveryStringToAFewHundredCharacters() {
		String huge = "x".repeat(1 << 20);
		String logged = SecretStripper.toLogString(NodePublishVolumeRequest.newBuilder()
			.setVolumeId(huge)
			.setTargetPath(huge)
			.putVolumeContext(huge, huge)
			.build());
		assertThat(logged).contains("(1048576 characters)").hasSizeLessThan(2000);
	}

}
