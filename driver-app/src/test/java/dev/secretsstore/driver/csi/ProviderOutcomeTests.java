package dev.secretsstore.driver.csi;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;

import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.mount.MountTable;
import dev.secretsstore.driver.testing.RecordingProvider;
import dev.secretsstore.driver.testing.TestDriver;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.RetryableProviderException;
import dev.secretsstore.provider.plugin.PluginServer;
import dev.secretsstore.provider.plugin.v1alpha1.CSIDriverProviderGrpc;
import dev.secretsstore.provider.plugin.v1alpha1.File;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What kubelet is told when a provider fails, in-process or as a remote plugin over a
 * real socket, and that a failed first mount leaves no mount, folder or record behind.
 */
class ProviderOutcomeTests {

	private static final String SPC = """
			apiVersion: secrets-store.csi.x-k8s.io/v1
			kind: SecretProviderClass
			metadata: {name: %s, namespace: default}
			spec:
			  provider: %s
			  parameters: {objects: x}
			""";

	private final RecordingProvider inProcess = new RecordingProvider("fake");

	private final RecordingProvider remote = new RecordingProvider("plugin");

	private TestDriver driver;

	private KubeletClient kubelet;

	private PluginServer plugin;

	@BeforeEach
	void start() throws Exception {
		this.driver = new TestDriver(this.inProcess);
		this.driver.writeSecretProviderClass("local", SPC.formatted("local", "fake"));
		this.driver.writeSecretProviderClass("remote", SPC.formatted("remote", "plugin"));
		this.plugin = PluginServer.serve(this.driver.providerDir.resolve("plugin.sock"), this.remote);
		this.kubelet = new KubeletClient(this.driver.socket, this.driver.kubeletRoot);
	}

	@AfterEach
	void stop() throws Exception {
		this.kubelet.close();
		this.plugin.close();
		this.driver.close();
	}

	@Test
	void eachProviderFailureGetsAPreciseDefiniteCode() {
		assertFailure(new ProviderException(Reason.INVALID_PARAMETERS, "", "objects is not YAML"),
				Status.Code.INVALID_ARGUMENT, "objects is not YAML");
		assertFailure(new ProviderException(Reason.NOT_FOUND, "", "secret db not found"), Status.Code.NOT_FOUND,
				"secret db not found");
		assertFailure(new ProviderException(Reason.PERMISSION_DENIED, "", "403 from the store"),
				Status.Code.PERMISSION_DENIED, "403 from the store");
		assertFailure(new RetryableProviderException("", "store timed out"), Status.Code.FAILED_PRECONDITION,
				"store timed out");
		assertFailure(new ProviderException(Reason.FAILED, "VaultError", "boom"), Status.Code.INTERNAL, "boom");
	}

	@Test
	void aRemotePluginServesTheVolumeOverItsSocket() {
		PodVolume volume = PodVolume.of("default", "web-0", "secrets", "remote");
		Path target = this.kubelet.publish(volume, Map.of("user", "u"));
		assertThat(target.resolve("foo")).hasContent("secret");
		assertThat(this.remote.lastRequest.secrets()).containsEntry("user", "u");
		assertThat(this.remote.lastRequest.attributes()).containsEntry("objects", "x")
			.containsEntry("secretProviderClass", "remote");
		assertThat(this.inProcess.calls).hasValue(0);
	}

	@Test
	void aRemotePluginsFailureReachesKubeletWithItsCodeAndLeavesNothing() {
		this.remote.failure = new ProviderException(Reason.NOT_FOUND, "", "no such key");
		PodVolume volume = PodVolume.of("default", "web-0", "secrets", "remote");
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.kubelet.publish(volume, Map.of()));
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(failure.getStatus().getDescription()).contains("no such key", "default/remote");
		assertThat(volume.targetPath(this.driver.kubeletRoot)).doesNotExist();
	}

	@Test
	void anInProcessProviderWinsOverASocketOfTheSameName() throws Exception {
		try (PluginServer shadowed = PluginServer.serve(this.driver.providerDir.resolve("fake.sock"), this.remote)) {
			this.kubelet.publish(PodVolume.of("default", "web-0", "secrets", "local"), Map.of());
		}
		assertThat(this.inProcess.calls).hasValue(1);
		assertThat(this.remote.calls).hasValue(0);
	}

	@Test
	void aPluginResponseWithAnEscapingPathIsRefusedBeforeAnythingIsWritten() throws Exception {
		Path escapee = this.driver.root.resolve("escaped");
		CSIDriverProviderGrpc.CSIDriverProviderImplBase evil = new CSIDriverProviderGrpc.CSIDriverProviderImplBase() {
			@Override
			public void mount(dev.secretsstore.provider.plugin.v1alpha1.MountRequest request,
					StreamObserver<dev.secretsstore.provider.plugin.v1alpha1.MountResponse> response) {
				response.onNext(dev.secretsstore.provider.plugin.v1alpha1.MountResponse.newBuilder()
					.addObjectVersion(dev.secretsstore.provider.plugin.v1alpha1.ObjectVersion.newBuilder()
						.setId("a")
						.setVersion("1"))
					.addFiles(File.newBuilder()
						.setPath("../../../../../../../../../" + escapee)
						.setContents(ByteString.copyFromUtf8("pwned")))
					.build());
				response.onCompleted();
			}
		};
		this.driver.writeSecretProviderClass("evil", SPC.formatted("evil", "evil"));
		MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
		Server server = NettyServerBuilder
			.forAddress(new DomainSocketAddress(this.driver.providerDir.resolve("evil.sock").toString()))
			.channelType(EpollServerDomainSocketChannel.class)
			.bossEventLoopGroup(group)
			.workerEventLoopGroup(group)
			.addService(evil)
			.build()
			.start();
		try {
			PodVolume volume = PodVolume.of("default", "web-0", "secrets", "evil");
			StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
					() -> this.kubelet.publish(volume, Map.of()));
			assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
			assertThat(failure.getStatus().getDescription()).contains("..");
			assertThat(escapee).doesNotExist();
			assertThat(volume.targetPath(this.driver.kubeletRoot)).doesNotExist();
		}
		finally {
			server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
		}
	}

	private void assertFailure(ProviderException exception, Status.Code code, String message) {
		// each case on its own: transient failures in a row would open the provider's
		// circuit breaker
		this.driver.breakers.circuitBreaker("fake").reset();
		this.inProcess.failure = exception;
		PodVolume volume = PodVolume.of("default", "web-0", "secrets", "local");
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.kubelet.publish(volume, Map.of()));
		assertThat(failure).isNotNull();
		assertThat(failure.getStatus().getCode()).isEqualTo(code);
		assertThat(failure.getStatus().getDescription()).contains(message, "provider fake",
				"secretproviderclass default/local");
		Path target = volume.targetPath(this.driver.kubeletRoot);
		assertThat(target).doesNotExist();
		try {
			assertThat(new MountTable().isMountPoint(target)).isFalse();
		}
		catch (java.io.IOException ex) {
			throw new AssertionError(ex);
		}
	}

}
