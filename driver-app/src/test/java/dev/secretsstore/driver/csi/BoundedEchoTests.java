package dev.secretsstore.driver.csi;

import java.util.Arrays;

import dev.secretsstore.driver.csi.v1.NodeGrpc;
import dev.secretsstore.driver.csi.v1.NodePublishVolumeRequest;
import dev.secretsstore.driver.csi.v1.NodeUnpublishVolumeRequest;
import dev.secretsstore.driver.csi.v1.VolumeCapability;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.testing.RecordingProvider;
import dev.secretsstore.driver.testing.TestDriver;
import dev.secretsstore.provider.MountRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Request fields of a megabyte are quoted cut to 256 characters with their length, in the
 * gRPC status message and in the log, whichever check refuses them.
 */
@ExtendWith(OutputCaptureExtension.class)
class BoundedEchoTests {

	private static final int MEGABYTE = 1 << 20;

	private static final String HUGE = "a".repeat(MEGABYTE);

	private static final int SHORT = 1024;

	private final PodVolume volume = PodVolume.of("default", "web-0", "secrets", "app");

	private TestDriver driver;

	private ManagedChannel channel;

	private NodeGrpc.NodeBlockingStub node;

	@BeforeEach
	void start() throws Exception {
		this.driver = new TestDriver(new RecordingProvider("fake"));
		this.driver.writeSecretProviderClass("app", """
				apiVersion: secrets-store.csi.x-k8s.io/v1
				kind: SecretProviderClass
				metadata: {name: app, namespace: default}
				spec: {provider: fake, parameters: {objects: all}}
				""");
		this.channel = Grpc.newChannelBuilder("unix://" + this.driver.socket, InsecureChannelCredentials.create())
			.maxInboundMetadataSize(4 * MEGABYTE)
			.build();
		this.node = NodeGrpc.newBlockingStub(this.channel);
	}

	@AfterEach
	void stop() throws Exception {
		this.channel.shutdownNow();
		this.driver.close();
	}

	@Test
	void aMegabyteTargetPathIsQuotedCut() {
		assertRefusedShort(request().setTargetPath("/" + HUGE).build(), "(1048577 characters)");
	}

	@Test
	void aTargetPathOfTheRightShapeWithAMegabyteElementIsQuotedCut() {
		String target = this.driver.kubeletRoot + "/pods/" + HUGE + "/volumes/kubernetes.io~csi/secrets/mount";
		assertRefusedShort(request().setTargetPath(target).putVolumeContext(MountRequest.POD_UID, HUGE).build(),
				"characters)");
	}

	@Test
	void aMegabytePodNameOrUidIsQuotedCut() {
		assertRefusedShort(request().putVolumeContext(MountRequest.POD_NAME, HUGE).build(), "(1048576 characters)");
		assertRefusedShort(request().putVolumeContext(MountRequest.POD_UID, HUGE).build(), "(1048576 characters)");
	}

	@Test
	void aMegabyteVolumeIdIsLoggedCut(CapturedOutput output) {
		this.node.nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder()
			.setVolumeId(HUGE)
			.setTargetPath(this.volume.targetPath(this.driver.kubeletRoot).toString())
			.build());

		assertThat(output.getOut()).contains("Unmounted volume aaaa", "(1048576 characters)");
		assertThat(Arrays.stream(output.getOut().split("\n")).mapToInt(String::length).max().orElse(0))
			.as("the longest log line")
			.isLessThan(2 * SHORT);
	}

	private void assertRefusedShort(NodePublishVolumeRequest request, String length) {
		StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.node.nodePublishVolume(request));
		assertThat(refused).as("publish must be refused").isNotNull();
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(refused.getStatus().getDescription()).contains(length).hasSizeLessThan(SHORT);
	}

	private NodePublishVolumeRequest.Builder request() {
		return NodePublishVolumeRequest.newBuilder()
			.setVolumeId(this.volume.volumeId())
			.setTargetPath(this.volume.targetPath(this.driver.kubeletRoot).toString())
			.setVolumeCapability(VolumeCapability.newBuilder()
				.setMount(VolumeCapability.MountVolume.getDefaultInstance())
				.setAccessMode(VolumeCapability.AccessMode.newBuilder()
					.setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_READER_ONLY)))
			.setReadonly(true)
			.putAllVolumeContext(this.volume.volumeContext());
	}

}
