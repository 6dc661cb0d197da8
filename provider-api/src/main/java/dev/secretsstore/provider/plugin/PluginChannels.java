package dev.secretsstore.provider.plugin;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.plugin.v1alpha1.CSIDriverProviderGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;

/**
 * Opens the channel to a plugin's Unix socket with the Go driver's settings: authority
 * {@code localhost}, a receive size limit, and a retry policy for UNAVAILABLE.
 */
final class PluginChannels {

	private PluginChannels() {
	}

	/**
	 * A channel that connects lazily; grpc-netty resolves {@code unix://} targets through
	 * the epoll transport.
	 */
	static ManagedChannel open(Path socket, PluginClientOptions options) {
		ManagedChannelBuilder<?> builder = Grpc
			.newChannelBuilder("unix://" + socket.toAbsolutePath(), InsecureChannelCredentials.create())
			// plugins such as the upstream e2e provider reject any other authority
			.overrideAuthority("localhost")
			.maxInboundMessageSize(options.maxCallRecvMsgSize())
			.defaultServiceConfig(serviceConfig(options.retry()))
			.enableRetry();
		if (builder instanceof NettyChannelBuilder netty) {
			// grpc-netty asks every connection for TCP keep-alive, which Netty warns
			// about on a Unix socket
			netty.withOption(ChannelOption.SO_KEEPALIVE, null);
		}
		return builder.build();
	}

	/**
	 * The Go driver's default service config, with the retry policy from the options.
	 */
	static Map<String, ?> serviceConfig(PluginClientOptions.Retry retry) {
		Map<String, Object> methodConfig = new LinkedHashMap<>();
		methodConfig.put("name", List.of(Map.of("service", CSIDriverProviderGrpc.SERVICE_NAME)));
		// gRPC rejects a retry policy of fewer than two attempts
		if (retry.maxAttempts() > 1) {
			// service config numbers are JSON numbers, which gRPC expects as Double
			methodConfig.put("retryPolicy", Map.of("maxAttempts", (double) retry.maxAttempts(), "initialBackoff",
					seconds(retry.initialBackoff()), "maxBackoff", seconds(retry.maxBackoff()), "backoffMultiplier",
					retry.backoffMultiplier(), "retryableStatusCodes", List.of("UNAVAILABLE")));
		}
		return Map.of("methodConfig", List.of(methodConfig));
	}

	/** A duration in the service config's JSON form, such as {@code 1.000000000s}. */
	private static String seconds(Duration duration) {
		return BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9)).toPlainString()
				+ "s";
	}

}
