package dev.secretsstore.driver.csi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import dev.secretsstore.driver.csi.v1.NodeGetCapabilitiesRequest;
import dev.secretsstore.driver.csi.v1.NodeGetInfoRequest;
import dev.secretsstore.driver.csi.v1.NodeGetVolumeStatsRequest;
import dev.secretsstore.driver.csi.v1.NodeGrpc;
import dev.secretsstore.driver.csi.v1.NodePublishVolumeRequest;
import dev.secretsstore.driver.csi.v1.NodeServiceCapability;
import dev.secretsstore.driver.csi.v1.NodeStageVolumeRequest;
import dev.secretsstore.driver.csi.v1.NodeUnpublishVolumeRequest;
import dev.secretsstore.driver.csi.v1.NodeUnstageVolumeRequest;
import dev.secretsstore.driver.csi.v1.VolumeCapability;
import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.mount.MountTable;
import dev.secretsstore.driver.testing.RecordingProvider;
import dev.secretsstore.driver.testing.StateFiles;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The Node service over a real Unix socket, publishing into real tmpfs mounts (as root):
 * argument checks with the Go driver's codes and messages, the publish → files →
 * unpublish cycle, and idempotence.
 */
class NodeServiceTests {

	private static final String SPC = """
			apiVersion: secrets-store.csi.x-k8s.io/v1
			kind: SecretProviderClass
			metadata:
			  name: %s
			  namespace: default
			spec:
			  provider: %s
			  parameters:
			    objects: "whatever the provider reads"
			""";

	private final RecordingProvider provider = new RecordingProvider("fake");

	private TestDriver driver;

	private ManagedChannel channel;

	private NodeGrpc.NodeBlockingStub node;

	private KubeletClient kubelet;

	@BeforeEach
	void start() throws Exception {
		this.driver = new TestDriver(this.provider);
		this.driver.writeSecretProviderClass("app", SPC.formatted("app", "fake"));
		this.channel = Grpc.newChannelBuilder("unix://" + this.driver.socket, InsecureChannelCredentials.create())
			.build();
		this.node = NodeGrpc.newBlockingStub(this.channel);
		this.kubelet = new KubeletClient(this.driver.socket, this.driver.kubeletRoot);
	}

	@AfterEach
	void stop() throws Exception {
		this.kubelet.close();
		this.channel.shutdownNow();
		this.driver.close();
	}

	@Test
	void publishMountsTmpfsWritesFilesAndRecordsStatusThenUnpublishRemovesAll() throws Exception {
		PodVolume volume = PodVolume.of("default", "web-0", "secrets", "app");
		Path target = this.kubelet.publish(volume, Map.of("clientSecret", "s3cr3t"));

		assertThat(target.resolve("foo")).hasContent("secret");
		assertThat(target.resolve("nested/bar")).hasContent("bar");
		assertThat(Files.isSymbolicLink(target.resolve("foo"))).isTrue();
		assertThat(Files.readSymbolicLink(target.resolve("..data")).toString()).startsWith("..");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("foo"))))
			.as("mode 0 from the provider becomes 0644")
			.isEqualTo("rw-r--r--");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("nested/bar"))))
			.isEqualTo("r--------");
		if (TestDriver.isRoot()) {
			assertThat(new MountTable().fsType(target)).contains("tmpfs");
		}
		MountRequest request = this.provider.lastRequest;
		assertThat(request.attributes()).containsEntry("objects", "whatever the provider reads")
			.containsEntry("secretProviderClass", "app")
			.containsEntry(MountRequest.POD_NAME, "web-0")
			.containsEntry(MountRequest.POD_UID, volume.podUid());
		assertThat(request.secrets()).containsExactly(Map.entry("clientSecret", "s3cr3t"));
		assertThat(request.permission()).isEqualTo(0644);
		assertThat(request.targetPath()).isEqualTo(target.toString());
		Path status = StateFiles.only(this.driver.stateDir);
		assertThat(status).content()
			.contains("kind: SecretProviderClassPodStatus", "podName: web-0", "secretProviderClassName: app",
					"mounted: true", "targetPath: " + target, "id: secret/foo", "version: v1",
					"internal.secrets-store.csi.k8s.io/node-name: test-node", "uid: " + volume.podUid())
			.doesNotContain("s3cr3t");

		this.kubelet.unpublish(volume);

		assertThat(target).doesNotExist();
		assertThat(status).doesNotExist();
		assertThat(new MountTable().isMountPoint(target)).isFalse();
	}

	@Test
	void publishOfAMountedVolumeIsIdempotentAndCallsNoProvider() {
		PodVolume volume = PodVolume.of("default", "web-0", "secrets", "app");
		this.kubelet.publish(volume, Map.of());
		this.kubelet.publish(volume, Map.of());

		assertThat(this.provider.calls).hasValue(1);
		assertThat(this.driver.fetched).as("content listeners hear the first mount only").hasSize(1);
		assertThat(this.driver.republished).as("handed to rotation's republish trigger")
			.singleElement()
			.satisfies((mounted) -> assertThat(mounted.pod().name()).isEqualTo("web-0"));
		assertThat(this.driver.meters.get("node_publish").tag("provider", "fake").counter().count()).isEqualTo(2);
	}

	@Test
	void unpublishIsIdempotent() {
		PodVolume volume = PodVolume.of("default", "web-0", "secrets", "app");
		this.kubelet.publish(volume, Map.of());
		this.kubelet.unpublish(volume);
		this.kubelet.unpublish(volume);
		assertThat(volume.targetPath(this.driver.kubeletRoot)).doesNotExist();
		assertThat(this.driver.removed).as("content listeners hear the unpublish once")
			.singleElement()
			.satisfies((removed) -> assertThat(removed.pod().name()).isEqualTo("web-0"));
	}

	@Test
	void tokensFromSecretsReachTheProviderAsAnAttribute() {
		String tokens = "{\"vault\":{\"token\":\"jwt\",\"expirationTimestamp\":\"2030-01-01T00:00:00Z\"}}";
		this.kubelet.publish(PodVolume.of("default", "web-0", "secrets", "app"),
				Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, tokens));
		assertThat(this.provider.lastRequest.attributes()).containsEntry(MountRequest.SERVICE_ACCOUNT_TOKENS, tokens);
	}

	@Test
	void argumentChecksAnswerInvalidArgumentWithTheGoDriversMessages() {
		NodePublishVolumeRequest valid = validRequest(PodVolume.of("default", "web-0", "secrets", "app"));
		assertPublishFails(valid.toBuilder().clearVolumeCapability().build(), Status.Code.INVALID_ARGUMENT,
				"Volume capability missing in request");
		assertPublishFails(valid.toBuilder().clearVolumeId().build(), Status.Code.INVALID_ARGUMENT,
				"Volume ID missing in request");
		assertPublishFails(valid.toBuilder().clearTargetPath().build(), Status.Code.INVALID_ARGUMENT,
				"Target path missing in request");
		assertPublishFails(valid.toBuilder().clearVolumeContext().build(), Status.Code.INVALID_ARGUMENT,
				"Volume attributes missing in request");
		assertPublishFails(valid.toBuilder().setReadonly(false).build(), Status.Code.INVALID_ARGUMENT,
				"Readonly is not true in request");
		assertPublishFails(valid.toBuilder().removeVolumeContext("secretProviderClass").build(),
				Status.Code.INVALID_ARGUMENT, "secretProviderClass is not set");
		assertPublishFails(valid.toBuilder().putVolumeContext(MountRequest.POD_NAMESPACE, "../etc").build(),
				Status.Code.INVALID_ARGUMENT, "csi.storage.k8s.io/pod.namespace \"../etc\"");
		assertThatThrownBy(() -> this.node
			.nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder().setTargetPath("/x").build()))
			.hasMessage("INVALID_ARGUMENT: Volume ID missing in request");
		assertThatThrownBy(
				() -> this.node.nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder().setVolumeId("v").build()))
			.hasMessage("INVALID_ARGUMENT: Target path missing in request");
		assertThat(this.provider.calls).hasValue(0);
	}

	@Test
	void withoutTheVolumeMountGroupCapabilityAGroupIsIgnoredUnread() throws Exception {
		PodVolume volume = PodVolume.of("default", "web-0", "secrets", "app");
		Path target = volume.targetPath(this.driver.kubeletRoot);
		int driverGid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
		assertThat(this.kubelet.supportsVolumeMountGroup()).isFalse();

		for (String group : new String[] { "4321", "not a group" }) {
			NodePublishVolumeRequest valid = validRequest(volume);
			this.node.nodePublishVolume(valid.toBuilder()
				.setVolumeCapability(valid.getVolumeCapability()
					.toBuilder()
					.setMount(VolumeCapability.MountVolume.newBuilder().setVolumeMountGroup(group)))
				.build());

			Path file = target.resolve("..data/nested/bar");
			assertThat(Files.getAttribute(file, "unix:gid")).as(group).isEqualTo(driverGid);
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("r--------");
			assertThat(StateFiles.only(this.driver.stateDir)).content().doesNotContain("fs-group");
			this.kubelet.unpublish(volume);
		}
		assertThat(this.provider.calls).hasValue(2);
	}

	@Test
	void targetPathsOutsideKubeletsPodsFolderOrOfAnotherPodAreRefused() {
		PodVolume volume = PodVolume.of("default", "web-0", "secrets", "app");
		NodePublishVolumeRequest valid = validRequest(volume);
		assertPublishFails(valid.toBuilder().setTargetPath("/etc/passwd").build(), Status.Code.INVALID_ARGUMENT,
				"/etc/passwd");
		String escaping = volume.targetPath(this.driver.kubeletRoot) + "/../../../../../../../../tmp/x/mount";
		assertPublishFails(valid.toBuilder().setTargetPath(escaping).build(), Status.Code.INVALID_ARGUMENT, "");
		String otherPod = PodVolume.of("default", "other", "secrets", "app")
			.targetPath(this.driver.kubeletRoot)
			.toString();
		assertPublishFails(valid.toBuilder().setTargetPath(otherPod).build(), Status.Code.INVALID_ARGUMENT,
				"does not belong to pod default/web-0");
		assertThatThrownBy(() -> this.node.nodeUnpublishVolume(
				NodeUnpublishVolumeRequest.newBuilder().setVolumeId("v").setTargetPath("/etc").build()))
			.isInstanceOfSatisfying(StatusRuntimeException.class,
					(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
		assertThat(Path.of("/etc/passwd")).exists();
	}

	@Test
	void aMissingSecretProviderClassIsNotFoundNamingIt() {
		NodePublishVolumeRequest request = validRequest(PodVolume.of("default", "web-0", "secrets", "nope"));
		assertPublishFails(request, Status.Code.NOT_FOUND, "failed to get secretproviderclass default/nope");
		assertNothingLeftBehind(request);
		assertThat(this.driver.meters.get("node_publish_error")
			.tag("provider", "")
			.tag("error_type", "SecretProviderClassNotFound")
			.counter()
			.count()).isOne();
	}

	@Test
	void aProviderThatIsNotInstalledIsAFailedPrecondition() throws Exception {
		this.driver.writeSecretProviderClass("gone", SPC.formatted("gone", "not-installed"));
		NodePublishVolumeRequest request = validRequest(PodVolume.of("default", "web-0", "secrets", "gone"));
		assertPublishFails(request, Status.Code.FAILED_PRECONDITION, "provider \"not-installed\" is not installed");
		assertNothingLeftBehind(request);
		// the Go driver's label: the provider the class names, even when it is not
		// installed
		assertThat(this.driver.meters.get("node_publish_error")
			.tag("provider", "not-installed")
			.tag("error_type", "FailedToLookupProviderGRPCClient")
			.counter()
			.count()).isOne();
	}

	@Test
	void anInvalidProviderNameOrMissingParametersAreInvalidArguments() throws Exception {
		this.driver.writeSecretProviderClass("bad", SPC.formatted("bad", "../../evil"));
		assertPublishFails(validRequest(PodVolume.of("default", "web-0", "secrets", "bad")),
				Status.Code.INVALID_ARGUMENT, "invalid provider name");
		this.driver.writeSecretProviderClass("noparams", """
				apiVersion: secrets-store.csi.x-k8s.io/v1
				kind: SecretProviderClass
				metadata: {name: noparams}
				spec: {provider: fake}
				""");
		assertPublishFails(validRequest(PodVolume.of("default", "web-0", "secrets", "noparams")),
				Status.Code.INVALID_ARGUMENT, "parameters not set in default/noparams");
	}

	@Test
	void nodeStageAndUnstageOnlyCheckArguments() {
		VolumeCapability capability = validRequest(PodVolume.of("default", "p", "v", "app")).getVolumeCapability();
		assertThatThrownBy(() -> this.node.nodeStageVolume(
				NodeStageVolumeRequest.newBuilder().setStagingTargetPath("/s").setVolumeCapability(capability).build()))
			.hasMessage("INVALID_ARGUMENT: Volume ID missing in request");
		assertThatThrownBy(() -> this.node.nodeStageVolume(
				NodeStageVolumeRequest.newBuilder().setVolumeId("v").setVolumeCapability(capability).build()))
			.hasMessage("INVALID_ARGUMENT: Staging target path missing in request");
		assertThatThrownBy(() -> this.node
			.nodeStageVolume(NodeStageVolumeRequest.newBuilder().setVolumeId("v").setStagingTargetPath("/s").build()))
			.hasMessage("INVALID_ARGUMENT: Volume capability missing in request");
		this.node.nodeStageVolume(NodeStageVolumeRequest.newBuilder()
			.setVolumeId("v")
			.setStagingTargetPath("/s")
			.setVolumeCapability(capability)
			.build());
		assertThatThrownBy(
				() -> this.node.nodeUnstageVolume(NodeUnstageVolumeRequest.newBuilder().setVolumeId("v").build()))
			.hasMessage("INVALID_ARGUMENT: Staging target path missing in request");
		this.node.nodeUnstageVolume(
				NodeUnstageVolumeRequest.newBuilder().setVolumeId("v").setStagingTargetPath("/s").build());
	}

	@Test
	void infoCapabilitiesAndUnimplementedCalls() {
		assertThat(this.node.nodeGetInfo(NodeGetInfoRequest.getDefaultInstance()).getNodeId()).isEqualTo("test-node");
		assertThat(this.node.nodeGetCapabilities(NodeGetCapabilitiesRequest.getDefaultInstance()).getCapabilitiesList())
			.extracting((capability) -> capability.getRpc().getType())
			.containsExactly(NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME);
		StatusRuntimeException unimplemented = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.node.nodeGetVolumeStats(NodeGetVolumeStatsRequest.getDefaultInstance()));
		assertThat(unimplemented.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
	}

	private NodePublishVolumeRequest validRequest(PodVolume volume) {
		return NodePublishVolumeRequest.newBuilder()
			.setVolumeId(volume.volumeId())
			.setTargetPath(volume.targetPath(this.driver.kubeletRoot).toString())
			.setVolumeCapability(VolumeCapability.newBuilder()
				.setMount(VolumeCapability.MountVolume.getDefaultInstance())
				.setAccessMode(VolumeCapability.AccessMode.newBuilder()
					.setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_READER_ONLY)))
			.setReadonly(true)
			.putAllVolumeContext(volume.volumeContext())
			.build();
	}

	private void assertPublishFails(NodePublishVolumeRequest request, Status.Code code, String message) {
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.node.nodePublishVolume(request));
		assertThat(failure).as("publish must fail").isNotNull();
		assertThat(failure.getStatus().getCode()).isEqualTo(code);
		assertThat(failure.getStatus().getDescription()).contains(message);
	}

	private void assertNothingLeftBehind(NodePublishVolumeRequest request) {
		Path target = Path.of(request.getTargetPath());
		assertThat(target).doesNotExist();
		assertThat(this.driver.stateDir).satisfiesAnyOf((dir) -> assertThat(dir).doesNotExist(),
				(dir) -> assertThat(dir).isEmptyDirectory());
	}

}
