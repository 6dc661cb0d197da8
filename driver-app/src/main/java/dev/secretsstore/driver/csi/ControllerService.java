package dev.secretsstore.driver.csi;

import dev.secretsstore.driver.csi.v1.ControllerGetCapabilitiesRequest;
import dev.secretsstore.driver.csi.v1.ControllerGetCapabilitiesResponse;
import dev.secretsstore.driver.csi.v1.ControllerGrpc;
import dev.secretsstore.driver.csi.v1.ControllerServiceCapability;
import io.grpc.stub.StreamObserver;

/**
 * CSI Controller: a node-only driver of ephemeral volumes has no controller operations;
 * like the Go driver it answers the capability query with a single UNKNOWN capability and
 * every other call with UNIMPLEMENTED.
 */
public class ControllerService extends ControllerGrpc.ControllerImplBase {

	@Override
	public void controllerGetCapabilities(ControllerGetCapabilitiesRequest request,
			StreamObserver<ControllerGetCapabilitiesResponse> response) {
		ControllerServiceCapability unknown = ControllerServiceCapability.newBuilder()
			.setRpc(ControllerServiceCapability.RPC.newBuilder().setType(ControllerServiceCapability.RPC.Type.UNKNOWN))
			.build();
		response.onNext(ControllerGetCapabilitiesResponse.newBuilder().addCapabilities(unknown).build());
		response.onCompleted();
	}

}
