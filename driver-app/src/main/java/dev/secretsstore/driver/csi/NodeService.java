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
import dev.secretsstore.driver.metrics.DriverMetrics;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.volume.PublishRequest;
import dev.secretsstore.driver.volume.VolumeException;
import dev.secretsstore.driver.volume.VolumePublisher;
import dev.secretsstore.driver.volume.VolumePublisher.PublishOutcome;
import io.grpc.stub.StreamObserver;

import static dev.secretsstore.driver.csi.CsiStatus.invalidArgument;

/**
 * CSI Node: publishes and unpublishes the secrets volumes of pods on this node. Argument checks answer
 * INVALID_ARGUMENT with the Go driver's messages; everything else is the volume use case's.
 */
public class NodeService extends NodeGrpc.NodeImplBase {

	private final String nodeId;

	private final VolumePublisher publisher;

	private final Consumer<MountedVolume> republished;

	private final DriverMetrics metrics;

	/**
	 * @param republished told of every publish of a volume that was mounted already (rotation's republish trigger)
	 */
	public NodeService(String nodeId, VolumePublisher publisher, Consumer<MountedVolume> republished,
			DriverMetrics metrics) {
		this.nodeId = nodeId;
		this.publisher = publisher;
		this.republished = republished;
		this.metrics = metrics;
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
			try {
				PublishOutcome outcome = this.publisher.publish(new PublishRequest(request.getVolumeId(),
						request.getTargetPath(), request.getVolumeContextMap(), request.getSecretsMap()));
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
		NodeServiceCapability stageUnstage = NodeServiceCapability.newBuilder()
			.setRpc(NodeServiceCapability.RPC.newBuilder()
				.setType(NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME))
			.build();
		response.onNext(NodeGetCapabilitiesResponse.newBuilder().addCapabilities(stageUnstage).build());
		response.onCompleted();
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
