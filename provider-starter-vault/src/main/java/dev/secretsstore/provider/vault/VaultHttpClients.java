package dev.secretsstore.provider.vault;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * Shares one JDK HTTP client per TLS setup: each client owns a selector thread, so one
 * per pod would not scale. Built on first use, never at start-up.
 */
final class VaultHttpClients {

	/**
	 * SecretProviderClasses choose the TLS setup, so the number of distinct ones is
	 * bounded here.
	 */
	private static final int MAX_CLIENTS = 32;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private final Map<VaultTls, ClientHttpRequestFactory> factories = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<VaultTls, ClientHttpRequestFactory> eldest) {
			return size() > MAX_CLIENTS;
		}

	};

	VaultHttpClients(Duration connectTimeout, Duration readTimeout) {
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
	}

	/**
	 * The request factory for {@code tls}.
	 * @throws IllegalArgumentException naming the TLS parameter whose file is unusable
	 */
	synchronized ClientHttpRequestFactory get(VaultTls tls) {
		ClientHttpRequestFactory factory = this.factories.get(tls);
		if (factory == null) {
			factory = create(tls);
			this.factories.put(tls, factory);
		}
		return factory;
	}

	private ClientHttpRequestFactory create(VaultTls tls) {
		HttpClient.Builder builder = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(this.connectTimeout)
			// a standby Vault node answers 307 with the active node's address
			.followRedirects(HttpClient.Redirect.NORMAL);
		if (tls.isCustom()) {
			try {
				builder.sslContext(TlsContexts.create(tls));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalArgumentException("the TLS parameters cannot be used: " + ex.getMessage(), ex);
			}
		}
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(builder.build());
		factory.setReadTimeout(this.readTimeout);
		return factory;
	}

}
