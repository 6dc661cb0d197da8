package dev.secretsstore.driver.kubelet;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.secretsstore.driver.csi.v1.GetPluginInfoRequest;
import dev.secretsstore.driver.csi.v1.GetPluginInfoResponse;
import dev.secretsstore.driver.csi.v1.IdentityGrpc;
import dev.secretsstore.driver.csi.v1.NodeGetCapabilitiesRequest;
import dev.secretsstore.driver.csi.v1.NodeGrpc;
import dev.secretsstore.driver.csi.v1.NodePublishVolumeRequest;
import dev.secretsstore.driver.csi.v1.NodeServiceCapability;
import dev.secretsstore.driver.csi.v1.NodeUnpublishVolumeRequest;
import dev.secretsstore.driver.csi.v1.ProbeRequest;
import dev.secretsstore.driver.csi.v1.VolumeCapability;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;

/**
 * Calls a driver's CSI socket the way kubelet does for an inline secrets volume:
 * read-only, mount access, with the pod's information in the volume context.
 */
public class KubeletClient implements AutoCloseable {

	private static final long TIMEOUT_SECONDS = 120;

	private final ManagedChannel channel;

	private final Path kubeletRoot;

	/**
	 * @param socket the driver's CSI socket
	 * @param kubeletRoot kubelet's root folder, under which target paths are formed
	 */
	public KubeletClient(Path socket, Path kubeletRoot) {
		ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder("unix://" + socket.toAbsolutePath(),
				InsecureChannelCredentials.create());
		if (builder instanceof NettyChannelBuilder netty) {
			// grpc-netty asks for TCP keep-alive, which Netty refuses with a warning on a
			// Unix socket
			netty.withOption(ChannelOption.SO_KEEPALIVE, null);
		}
		this.channel = builder.build();
		this.kubeletRoot = kubeletRoot;
	}

	/**
	 * NodePublishVolume for {@code volume} of a pod without fsGroup.
	 * @param secrets the nodePublishSecretRef data
	 * @return the target path
	 */
	public Path publish(PodVolume volume, Map<String, String> secrets) {
		return publish(volume, secrets, null);
	}

	/**
	 * NodePublishVolume for {@code volume} of a pod whose fsGroup is {@code fsGroup}: as
	 * kubelet, it passes the group as {@code volume_mount_group} only when the driver
	 * advertises {@code VOLUME_MOUNT_GROUP}.
	 * @param secrets the nodePublishSecretRef data
	 * @param fsGroup the pod's fsGroup, or null
	 * @return the target path
	 */
	public Path publish(PodVolume volume, Map<String, String> secrets, Long fsGroup) {
		Path target = volume.targetPath(this.kubeletRoot);
		VolumeCapability.MountVolume.Builder mount = VolumeCapability.MountVolume.newBuilder();
		if (fsGroup != null && supportsVolumeMountGroup()) {
			mount.setVolumeMountGroup(Long.toString(fsGroup));
		}
		VolumeCapability capability = VolumeCapability.newBuilder()
			.setMount(mount)
			.setAccessMode(VolumeCapability.AccessMode.newBuilder()
				.setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_READER_ONLY))
			.build();
		node().nodePublishVolume(NodePublishVolumeRequest.newBuilder()
			.setVolumeId(volume.volumeId())
			.setTargetPath(target.toString())
			.setVolumeCapability(capability)
			.setReadonly(true)
			.putAllVolumeContext(volume.volumeContext())
			.putAllSecrets(secrets)
			.build());
		return target;
	}

	/**
	 * NodeUnpublishVolume for {@code volume}.
	 */
	public void unpublish(PodVolume volume) {
		node().nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder()
			.setVolumeId(volume.volumeId())
			.setTargetPath(volume.targetPath(this.kubeletRoot).toString())
			.build());
	}

	/**
	 * Whether the driver advertises the {@code VOLUME_MOUNT_GROUP} node capability, asked
	 * before every publish as kubelet asks it.
	 */
	public boolean supportsVolumeMountGroup() {
		return node().nodeGetCapabilities(NodeGetCapabilitiesRequest.getDefaultInstance())
			.getCapabilitiesList()
			.stream()
			.map((capability) -> capability.getRpc().getType())
			.anyMatch(NodeServiceCapability.RPC.Type.VOLUME_MOUNT_GROUP::equals);
	}

	/**
	 * Whether the driver answers Probe with ready.
	 */
	public boolean probe() {
		return IdentityGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.probe(ProbeRequest.getDefaultInstance())
			.getReady()
			.getValue();
	}

	/**
	 * The driver's name and version.
	 */
	public GetPluginInfoResponse pluginInfo() {
		return IdentityGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.getPluginInfo(GetPluginInfoRequest.getDefaultInstance());
	}

	private NodeGrpc.NodeBlockingStub node() {
		return NodeGrpc.newBlockingStub(this.channel).withDeadlineAfter(TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	@Override
	public void close() {
		this.channel.shutdownNow();
	}

}
