package dev.secretsstore.provider.vault.client;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.secretsstore.provider.vault.tls.TlsContexts;
import dev.secretsstore.provider.vault.tls.VaultTls;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * Shares one JDK HTTP client per TLS setup: each client owns a selector thread, so one
 * per pod would not scale. Built on first use, never at start-up.
 */
public final class VaultHttpClients {

	/**
	 * SecretProviderClasses choose the TLS setup, so the number of distinct ones is
	 * bounded here. A client dropped while a session still uses it keeps working; the JDK
	 * ends its selector thread once nothing refers to it.
	 */
	private static final int MAX_CLIENTS = 32;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private final Cache<VaultTls, ClientHttpRequestFactory> factories = Caffeine.newBuilder()
		.maximumSize(MAX_CLIENTS)
		.executor(Runnable::run)
		.build();

	public VaultHttpClients(Duration connectTimeout, Duration readTimeout) {
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
	}

	/**
	 * The request factory for {@code tls}.
	 * @throws IllegalArgumentException naming the TLS parameter whose file is unusable
	 */
	ClientHttpRequestFactory get(VaultTls tls) {
		return this.factories.get(tls, this::create);
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
