package dev.secretsstore.driver.csi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.csi.v1.NodeGetCapabilitiesRequest;
import dev.secretsstore.driver.csi.v1.NodeGrpc;
import dev.secretsstore.driver.csi.v1.NodePublishVolumeRequest;
import dev.secretsstore.driver.csi.v1.NodeServiceCapability;
import dev.secretsstore.driver.csi.v1.VolumeCapability;
import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.mount.FileGroup;
import dev.secretsstore.driver.mount.MountTable;
import dev.secretsstore.driver.rotation.refresh.RefreshResult;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.testing.RecordingProvider;
import dev.secretsstore.driver.testing.StateFiles;
import dev.secretsstore.driver.testing.TestDriver;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.SecretFile;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The Node service with {@code VOLUME_MOUNT_GROUP} advertised
 * ({@code --enable-volume-mount-group}), over a real Unix socket into real tmpfs mounts:
 * kubelet's fsGroup owns the volume's files, with group read, in the first generation and
 * in every rotation's; a value that is not a group id is refused. Needs root, as the
 * driver.
 */
class NodeServiceVolumeMountGroupTests {

	private static final int FS_GROUP = 4321;

	private final RecordingProvider provider = new RecordingProvider("fake");

	private TestDriver driver;

	private ManagedChannel channel;

	private NodeGrpc.NodeBlockingStub node;

	private KubeletClient kubelet;

	@BeforeEach
	void start() throws Exception {
		assumeThat(TestDriver.isRoot()).as("running as root").isTrue();
		this.driver = TestDriver.withVolumeMountGroup(this.provider);
		this.driver.writeSecretProviderClass("app", """
				apiVersion: secrets-store.csi.x-k8s.io/v1
				kind: SecretProviderClass
				metadata: {name: app, namespace: default}
				spec:
				  provider: fake
				  parameters: {objects: "whatever the provider reads"}
				""");
		this.channel = Grpc.newChannelBuilder("unix://" + this.driver.socket, InsecureChannelCredentials.create())
			.build();
		this.node = NodeGrpc.newBlockingStub(this.channel);
		this.kubelet = new KubeletClient(this.driver.socket, this.driver.kubeletRoot);
	}

	@AfterEach
	void stop() throws Exception {
		if (this.driver != null) {
			this.kubelet.close();
			this.channel.shutdownNow();
			this.driver.close();
		}
	}

	@Test
	void advertisesVolumeMountGroup() {
		assertThat(this.node.nodeGetCapabilities(NodeGetCapabilitiesRequest.getDefaultInstance()).getCapabilitiesList())
			.extracting((capability) -> capability.getRpc().getType())
			.containsExactly(NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME,
					NodeServiceCapability.RPC.Type.VOLUME_MOUNT_GROUP);
		assertThat(this.kubelet.supportsVolumeMountGroup()).isTrue();
	}

	@Test
	void thePodsFsGroupOwnsEveryFileWithGroupReadAndARotationKeepsIt() throws Exception {
		PodVolume volume = PodVolume.of("default", "web-0", "secrets", "app");
		Path target = this.kubelet.publish(volume, Map.of(), (long) FS_GROUP);

		assertThat(new MountTable().fsType(target)).contains("tmpfs");
		assertThat(gid(target)).isEqualTo(FS_GROUP);
		assertThat(Integer.toOctalString((Integer) Files.getAttribute(target, "unix:mode") & 07777))
			.as("the tmpfs root keeps its mode, sticky bit included")
			.isEqualTo("1777");
		Path first = this.generation(target);
		assertOwned(first, "rwxr-xr-x");
		assertOwned(target.resolve("foo"), "rw-r--r--");
		assertOwned(first.resolve("nested"), "rwxr-xr-x");
		assertOwned(target.resolve("nested/bar"), "r--r-----");
		for (String link : List.of("..data", "foo", "nested")) {
			assertThat(gid(target.resolve(link))).as(link).isEqualTo(FS_GROUP);
		}
		assertThat(StateFiles.only(this.driver.stateDir)).content()
			.containsPattern("csi.secrets-store.dev/fs-group: \"?" + FS_GROUP + "\"?\n");

		this.provider.response = new MountResponse(List.of(new ObjectVersion("secret/foo", "v2")),
				List.of(secretFile("foo", 0600, "rotated"), secretFile("nested/bar", 0400, "bar")));
		RefreshResult rotated = refresh(target);

		assertThat(rotated.filesChanged()).isTrue();
		Path second = this.generation(target);
		assertThat(second).isNotEqualTo(first);
		assertThat(target.resolve("foo")).hasContent("rotated");
		assertOwned(second, "rwxr-xr-x");
		assertOwned(target.resolve("foo"), "rw-r-----");
		assertOwned(target.resolve("nested/bar"), "r--r-----");
		assertThat(this.driver.volumes.get(target)).get()
			.extracting(MountedVolume::fileGroup)
			.isEqualTo(FileGroup.of(FS_GROUP));
	}

	@Test
	void aGroupThatIsNotAGroupIdIsAnInvalidArgumentNamingTheField() {
		PodVolume volume = PodVolume.of("default", "web-0", "secrets", "app");
		for (String group : List.of("abc", "-1", "2147483648", "10 ")) {
			StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
					() -> this.node.nodePublishVolume(request(volume, group)));
			assertThat(failure).as(group).isNotNull();
			assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
			assertThat(failure.getStatus().getDescription()).isEqualTo("volume_capability.mount.volume_mount_group \""
					+ group + "\" is not a group id from 0 to 2147483647");
		}
		assertThat(this.provider.calls).hasValue(0);
		assertThat(volume.targetPath(this.driver.kubeletRoot)).doesNotExist();
	}

	@Test
	void aVolumeMountedWithoutAGroupTakesTheOneOfKubeletsRepublishAtItsNextRefresh() throws Exception {
		PodVolume volume = PodVolume.of("default", "web-0", "secrets", "app");
		this.node.nodePublishVolume(request(volume, ""));
		Path target = volume.targetPath(this.driver.kubeletRoot);
		assertThat(gid(target.resolve("..data/foo"))).isZero();

		this.node.nodePublishVolume(request(volume, Integer.toString(FS_GROUP)));

		assertThat(this.driver.volumes.get(target)).get()
			.extracting(MountedVolume::fileGroup)
			.isEqualTo(FileGroup.of(FS_GROUP));
		assertThat(StateFiles.only(this.driver.stateDir)).content()
			.containsPattern("csi.secrets-store.dev/fs-group: \"?" + FS_GROUP + "\"?\n");
		assertThat(gid(target.resolve("..data/foo"))).as("files change only when refreshed").isZero();

		RefreshResult refreshed = refresh(target);

		assertThat(refreshed.filesChanged()).as("same content, another group").isTrue();
		assertThat(refreshed.changes()).isEmpty();
		assertOwned(target.resolve("foo"), "rw-r--r--");
		assertOwned(target.resolve("nested/bar"), "r--r-----");
	}

	private RefreshResult refresh(Path target) {
		MountedVolume mounted = this.driver.volumes.get(target).orElseThrow();
		SecretProviderClass spc = this.driver.refresher.secretProviderClass(mounted);
		return this.driver.refresher.refresh(target, spc).orElseThrow();
	}

	private NodePublishVolumeRequest request(PodVolume volume, String group) {
		return NodePublishVolumeRequest.newBuilder()
			.setVolumeId(volume.volumeId())
			.setTargetPath(volume.targetPath(this.driver.kubeletRoot).toString())
			.setVolumeCapability(VolumeCapability.newBuilder()
				.setMount(VolumeCapability.MountVolume.newBuilder().setVolumeMountGroup(group))
				.setAccessMode(VolumeCapability.AccessMode.newBuilder()
					.setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_READER_ONLY)))
			.setReadonly(true)
			.putAllVolumeContext(volume.volumeContext())
			.build();
	}

	private Path generation(Path target) throws IOException {
		return target.resolve(Files.readSymbolicLink(target.resolve("..data")));
	}

	private static void assertOwned(Path path, String permissions) throws IOException {
		Path real = path.toRealPath();
		assertThat(gid(real)).as("group of %s", path).isEqualTo(FS_GROUP);
		assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(real)))
			.as("mode of %s", path)
			.isEqualTo(permissions);
	}

	static int gid(Path path) throws IOException {
		return (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
	}

	private static SecretFile secretFile(String path, int mode, String contents) {
		return new SecretFile(path, mode, contents.getBytes(StandardCharsets.UTF_8));
	}

}
