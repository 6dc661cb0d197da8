package dev.secretsstore.provider.vault.tls;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An initialized SSL context whose engines send the SNI of {@code vaultTLSServerName},
 * whatever the JDK HTTP client asks for (see {@link ServerNameSslEngine}). Only engines
 * are affected: sockets from its factories keep the JDK's SNI, and the HTTP client makes
 * none.
 */
final class ServerNameSslContext extends SSLContext {

	ServerNameSslContext(SSLContext delegate, List<SNIServerName> serverNames) {
		super(new Spi(delegate, serverNames), delegate.getProvider(), delegate.getProtocol());
	}

	private static final class Spi extends SSLContextSpi {

		private final SSLContext delegate;

		private final List<SNIServerName> serverNames;

		Spi(SSLContext delegate, List<SNIServerName> serverNames) {
			this.delegate = delegate;
			this.serverNames = List.copyOf(serverNames);
		}

		@Override
		protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
				throws KeyManagementException {
			throw new KeyManagementException("already initialized by TlsContexts");
		}

		@Override
		protected SSLEngine engineCreateSSLEngine() {
			return new ServerNameSslEngine(this.delegate.createSSLEngine(), this.serverNames);
		}

		@Override
		protected SSLEngine engineCreateSSLEngine(String host, int port) {
			return new ServerNameSslEngine(this.delegate.createSSLEngine(host, port), this.serverNames);
		}

		@Override
		protected SSLSocketFactory engineGetSocketFactory() {
			return this.delegate.getSocketFactory();
		}

		@Override
		protected SSLServerSocketFactory engineGetServerSocketFactory() {
			return this.delegate.getServerSocketFactory();
		}

		@Override
		protected SSLSessionContext engineGetServerSessionContext() {
			return this.delegate.getServerSessionContext();
		}

		@Override
		protected SSLSessionContext engineGetClientSessionContext() {
			return this.delegate.getClientSessionContext();
		}

		@Override
		protected SSLParameters engineGetDefaultSSLParameters() {
			return this.delegate.getDefaultSSLParameters();
		}

		@Override
		protected SSLParameters engineGetSupportedSSLParameters() {
			return this.delegate.getSupportedSSLParameters();
		}

	}

}
