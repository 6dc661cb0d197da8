package dev.secretsstore.driver.csi;

import java.util.function.Consumer;

import dev.secretsstore.driver.csi.v1.NodeGetCapabilitiesRequest;
import dev.secretsstore.driver.csi.v1.NodeGetCapabilitiesResponse;
import dev.secretsstore.driver.csi.v1.NodeGetInfoRequest;
import dev.secretsstore.driver.csi.v1.NodeGetInfoResponse;
import dev.secretsstore.driver.csi.v1.NodeGrpc;
import dev.secretsstore.driver.csi.v1.NodePublishVolumeRequest;
import dev.secretsstore.driver.csi.v1.NodePublishVolumeResponse;
import dev.secretsstore.driver.csi.v1.NodeServiceCapability;
import dev.secretsstore.driver.csi.v1.NodeStageVolumeRequest;
import dev.secretsstore.driver.csi.v1.NodeStageVolumeResponse;
import dev.secretsstore.driver.csi.v1.NodeUnpublishVolumeRequest;
import dev.secretsstore.driver.csi.v1.NodeUnpublishVolumeResponse;
import dev.secretsstore.driver.csi.v1.NodeUnstageVolumeRequest;
import dev.secretsstore.driver.csi.v1.NodeUnstageVolumeResponse;
import dev.secretsstore.driver.logging.Untrusted;
import dev.secretsstore.driver.metrics.DriverMetrics;
import dev.secretsstore.driver.mount.FileGroup;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.volume.PublishRequest;
import dev.secretsstore.driver.volume.VolumeException;
import dev.secretsstore.driver.volume.VolumePublisher;
import dev.secretsstore.driver.volume.VolumePublisher.PublishOutcome;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.secretsstore.driver.csi.CsiStatus.invalidArgument;

/**
 * CSI Node: publishes and unpublishes the secrets volumes of pods on this node. Argument
 * checks answer INVALID_ARGUMENT with the Go driver's messages; everything else is the
 * volume use case's.
 *
 * <p>
 * With {@code volumeMountGroup} on, it advertises the {@code VOLUME_MOUNT_GROUP}
 * capability, and kubelet passes a pod's fsGroup in
 * {@code volume_capability.mount.volume_mount_group}: the CSI spec says a driver that
 * advertises it MUST respect the field, so a value that is not a group id is refused, not
 * ignored. Off, the field is ignored unread: the spec asks nothing of a driver that does
 * not advertise the capability, kubelet sends none then, and this keeps the driver's
 * behaviour from before the capability existed.
 */
public class NodeService extends NodeGrpc.NodeImplBase {

	private static final Logger logger = LoggerFactory.getLogger(NodeService.class);

	private static final String VOLUME_MOUNT_GROUP_FIELD = "volume_capability.mount.volume_mount_group";

	private final String nodeId;

	private final VolumePublisher publisher;

	private final Consumer<MountedVolume> republished;

	private final DriverMetrics metrics;

	private final boolean volumeMountGroup;

	/**
	 * A Node service without the {@code VOLUME_MOUNT_GROUP} capability.
	 * @param republished told of every publish of a volume that was mounted already
	 * (rotation's republish trigger)
	 */
	public NodeService(String nodeId, VolumePublisher publisher, Consumer<MountedVolume> republished,
			DriverMetrics metrics) {
		this(nodeId, publisher, republished, metrics, false);
	}

	/**
	 * @param republished told of every publish of a volume that was mounted already
	 * (rotation's republish trigger)
	 * @param volumeMountGroup whether to advertise {@code VOLUME_MOUNT_GROUP} and honour
	 * {@code volume_mount_group}
	 */
	public NodeService(String nodeId, VolumePublisher publisher, Consumer<MountedVolume> republished,
			DriverMetrics metrics, boolean volumeMountGroup) {
		this.nodeId = nodeId;
		this.publisher = publisher;
		this.republished = republished;
		this.metrics = metrics;
		this.volumeMountGroup = volumeMountGroup;
	}

	@Override
	public void nodePublishVolume(NodePublishVolumeRequest request,
			StreamObserver<NodePublishVolumeResponse> response) {
		CsiStatus.respond(response, () -> {
			if (!request.hasVolumeCapability()) {
				throw invalidArgument("Volume capability missing in request");
			}
			requireVolumeIdAndTarget(request.getVolumeId(), request.getTargetPath());
			if (request.getVolumeContextCount() == 0) {
				throw invalidArgument("Volume attributes missing in request");
			}
			if (!request.getReadonly()) {
				throw invalidArgument("Readonly is not true in request");
			}
			FileGroup group = fileGroup(request);
			try {
				PublishOutcome outcome = this.publisher.publish(new PublishRequest(request.getVolumeId(),
						request.getTargetPath(), request.getVolumeContextMap(), request.getSecretsMap(), group));
				if (outcome.alreadyMounted()) {
					this.republished.accept(outcome.volume());
				}
				this.metrics.published(outcome.volume().provider());
			}
			catch (VolumeException ex) {
				this.metrics.publishFailed(ex.provider(), ex.errorType());
				throw ex;
			}
			return NodePublishVolumeResponse.getDefaultInstance();
		});
	}

	private FileGroup fileGroup(NodePublishVolumeRequest request) {
		String value = request.getVolumeCapability().getMount().getVolumeMountGroup();
		if (!this.volumeMountGroup) {
			if (!value.isEmpty()) {
				logger.debug("Ignored {} \"{}\": the VOLUME_MOUNT_GROUP capability is off", VOLUME_MOUNT_GROUP_FIELD,
						Untrusted.bound(value, 40));
			}
			return FileGroup.NONE;
		}
		try {
			return FileGroup.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw invalidArgument(VOLUME_MOUNT_GROUP_FIELD + " " + ex.getMessage());
		}
	}

	@Override
	public void nodeUnpublishVolume(NodeUnpublishVolumeRequest request,
			StreamObserver<NodeUnpublishVolumeResponse> response) {
		CsiStatus.respond(response, () -> {
			requireVolumeIdAndTarget(request.getVolumeId(), request.getTargetPath());
			try {
				this.publisher.unpublish(request.getVolumeId(), request.getTargetPath());
				this.metrics.unpublished();
			}
			catch (VolumeException ex) {
				this.metrics.unpublishFailed();
				throw ex;
			}
			return NodeUnpublishVolumeResponse.getDefaultInstance();
		});
	}

	@Override
	public void nodeStageVolume(NodeStageVolumeRequest request, StreamObserver<NodeStageVolumeResponse> response) {
		CsiStatus.respond(response, () -> {
			requireVolumeId(request.getVolumeId());
			if (request.getStagingTargetPath().isEmpty()) {
				throw invalidArgument("Staging target path missing in request");
			}
			if (!request.hasVolumeCapability()) {
				throw invalidArgument("Volume capability missing in request");
			}
			return NodeStageVolumeResponse.getDefaultInstance();
		});
	}

	@Override
	public void nodeUnstageVolume(NodeUnstageVolumeRequest request,
			StreamObserver<NodeUnstageVolumeResponse> response) {
		CsiStatus.respond(response, () -> {
			requireVolumeId(request.getVolumeId());
			if (request.getStagingTargetPath().isEmpty()) {
				throw invalidArgument("Staging target path missing in request");
			}
			return NodeUnstageVolumeResponse.getDefaultInstance();
		});
	}

	@Override
	public void nodeGetCapabilities(NodeGetCapabilitiesRequest request,
			StreamObserver<NodeGetCapabilitiesResponse> response) {
		NodeGetCapabilitiesResponse.Builder capabilities = NodeGetCapabilitiesResponse.newBuilder()
			.addCapabilities(capability(NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME));
		if (this.volumeMountGroup) {
			capabilities.addCapabilities(capability(NodeServiceCapability.RPC.Type.VOLUME_MOUNT_GROUP));
		}
		response.onNext(capabilities.build());
		response.onCompleted();
	}

	private static NodeServiceCapability capability(NodeServiceCapability.RPC.Type type) {
		return NodeServiceCapability.newBuilder().setRpc(NodeServiceCapability.RPC.newBuilder().setType(type)).build();
	}

	@Override
	public void nodeGetInfo(NodeGetInfoRequest request, StreamObserver<NodeGetInfoResponse> response) {
		response.onNext(NodeGetInfoResponse.newBuilder().setNodeId(this.nodeId).build());
		response.onCompleted();
	}

	private static void requireVolumeIdAndTarget(String volumeId, String targetPath) {
		requireVolumeId(volumeId);
		if (targetPath.isEmpty()) {
			throw invalidArgument("Target path missing in request");
		}
	}

	private static void requireVolumeId(String volumeId) {
		if (volumeId.isEmpty()) {
			throw invalidArgument("Volume ID missing in request");
		}
	}

}
