package dev.secretsstore.driver.csi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.secretsstore.driver.flags.Endpoint;
import dev.secretsstore.driver.metrics.DriverMetrics;
import dev.secretsstore.driver.rotation.RotationService;
import dev.secretsstore.driver.volume.VolumePublisher;
import dev.secretsstore.driver.model.NodeIdentity;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.ServerBuilderCustomizer;

/**
 * The CSI services, served by Spring gRPC on the Unix socket that {@code --endpoint}
 * names. A socket file left by an earlier run is removed first.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CsiProperties.class)
class CsiConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(CsiConfiguration.class);

	/**
	 * Who this driver is, for the adapters that need the node's or the driver's name
	 * without the CSI settings.
	 */
	@Bean
	NodeIdentity nodeIdentity(CsiProperties properties) {
		return new NodeIdentity(properties.nodeId(), properties.driverName());
	}

	@Bean
	CsiSocket csiSocket(CsiProperties properties) throws IOException {
		Path socket = Endpoint.socketPath(properties.endpoint());
		Files.createDirectories(socket.getParent());
		if (Files.deleteIfExists(socket)) {
			logger.info("Removed stale CSI socket {}", socket);
		}
		return new CsiSocket(socket);
	}

	/**
	 * Points Spring gRPC's server at the CSI socket, unless
	 * {@code spring.grpc.server.address} was set explicitly.
	 */
	@Bean
	static BeanPostProcessor csiServerAddress(Environment environment) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof GrpcServerProperties server && server.getAddress() == null) {
					String endpoint = environment.getProperty("secrets-store.csi.endpoint", "unix://tmp/csi.sock");
					server.setAddress("unix:" + Endpoint.socketPath(endpoint));
				}
				return bean;
			}
		};
	}

	@Bean
	IdentityService identityService(CsiProperties properties, ObjectProvider<BuildProperties> build, CsiSocket socket) {
		BuildProperties buildProperties = build.getIfAvailable();
		String version = (buildProperties != null) ? buildProperties.getVersion() : "dev";
		return new IdentityService(properties.driverName(), version);
	}

	@Bean
	NodeService nodeService(CsiProperties properties, VolumePublisher publisher,
			ObjectProvider<RotationService> rotation, DriverMetrics metrics, CsiSocket socket) {
		RotationService service = rotation.getIfAvailable();
		if (properties.volumeMountGroup().enabled()) {
			logger.info("Advertising VOLUME_MOUNT_GROUP: the files of a pod's volume belong to its fsGroup");
		}
		return new NodeService(properties.nodeId(), publisher, (service != null) ? service::onRepublish : (volume) -> {
		}, metrics, properties.volumeMountGroup().enabled());
	}

	@Bean
	ControllerService controllerService(CsiSocket socket) {
		return new ControllerService();
	}

	/**
	 * grpc-netty asks every connection for TCP keep-alive, which Netty refuses, with a
	 * warning per connection, on a Unix socket.
	 */
	@Bean
	ServerBuilderCustomizer<NettyServerBuilder> noTcpOptionsOnTheUnixSocket() {
		return (builder) -> builder.withChildOption(ChannelOption.SO_KEEPALIVE, null);
	}

	@Bean
	@GlobalServerInterceptor
	CsiCallLogger csiCallLogger() {
		return new CsiCallLogger();
	}

	/**
	 * The CSI socket's path, prepared for the server to bind.
	 *
	 * @param path the socket file
	 */
	record CsiSocket(Path path) {
	}

}
