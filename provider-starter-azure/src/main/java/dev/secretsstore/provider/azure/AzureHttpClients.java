package dev.secretsstore.provider.azure;

import java.io.File;

import javax.net.ssl.SSLException;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * Builds the one HTTP client the provider shares between Key Vault and Entra ID calls,
 * with the configured timeouts and trust.
 */
final class AzureHttpClients {

	private AzureHttpClients() {
	}

	static HttpClient create(AzureProviderProperties properties) {
		reactor.netty.http.client.HttpClient reactorClient = reactor.netty.http.client.HttpClient.create();
		if (!properties.caCertPath().isEmpty()) {
			SslContext ssl = trusting(properties.caCertPath());
			reactorClient = reactorClient.secure((spec) -> spec.sslContext(ssl));
		}
		return new NettyAsyncHttpClientBuilder(reactorClient).connectTimeout(properties.connectTimeout())
			.responseTimeout(properties.readTimeout())
			.readTimeout(properties.readTimeout())
			.build();
	}

	private static SslContext trusting(String caCertPath) {
		try {
			return SslContextBuilder.forClient().trustManager(new File(caCertPath)).build();
		}
		catch (SSLException | IllegalArgumentException ex) {
			throw new IllegalStateException("secrets-store.provider.azure.ca-cert-path '" + caCertPath
					+ "' is not a readable PEM file of " + "certificates", ex);
		}
	}

}
