package dev.secretsstore.driver.csi;

import com.google.protobuf.BoolValue;
import dev.secretsstore.driver.csi.v1.GetPluginCapabilitiesRequest;
import dev.secretsstore.driver.csi.v1.GetPluginCapabilitiesResponse;
import dev.secretsstore.driver.csi.v1.GetPluginInfoRequest;
import dev.secretsstore.driver.csi.v1.GetPluginInfoResponse;
import dev.secretsstore.driver.csi.v1.IdentityGrpc;
import dev.secretsstore.driver.csi.v1.PluginCapability;
import dev.secretsstore.driver.csi.v1.ProbeRequest;
import dev.secretsstore.driver.csi.v1.ProbeResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * CSI Identity: who the driver is, what it offers, and whether it is ready.
 */
public class IdentityService extends IdentityGrpc.IdentityImplBase {

	private final String driverName;

	private final String vendorVersion;

	public IdentityService(String driverName, String vendorVersion) {
		this.driverName = driverName;
		this.vendorVersion = vendorVersion;
	}

	@Override
	public void getPluginInfo(GetPluginInfoRequest request, StreamObserver<GetPluginInfoResponse> response) {
		if (this.driverName.isEmpty()) {
			response.onError(Status.UNAVAILABLE.withDescription("Driver name not configured").asRuntimeException());
			return;
		}
		if (this.vendorVersion.isEmpty()) {
			response.onError(Status.UNAVAILABLE.withDescription("Driver is missing version").asRuntimeException());
			return;
		}
		response.onNext(GetPluginInfoResponse.newBuilder()
			.setName(this.driverName)
			.setVendorVersion(this.vendorVersion)
			.build());
		response.onCompleted();
	}

	@Override
	public void getPluginCapabilities(GetPluginCapabilitiesRequest request,
			StreamObserver<GetPluginCapabilitiesResponse> response) {
		PluginCapability controller = PluginCapability.newBuilder()
			.setService(PluginCapability.Service.newBuilder().setType(PluginCapability.Service.Type.CONTROLLER_SERVICE))
			.build();
		response.onNext(GetPluginCapabilitiesResponse.newBuilder().addCapabilities(controller).build());
		response.onCompleted();
	}

	/**
	 * Ready as soon as the socket serves: everything the driver needs was checked before
	 * the server started.
	 */
	@Override
	public void probe(ProbeRequest request, StreamObserver<ProbeResponse> response) {
		response.onNext(ProbeResponse.newBuilder().setReady(BoolValue.of(true)).build());
		response.onCompleted();
	}

}
