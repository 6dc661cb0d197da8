package dev.secretsstore.provider.vault.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Checks Vault's certificate against {@code vaultTLSServerName} instead of the host of
 * {@code vaultAddress}: the chain with the trust manager otherwise used (the JVM's or
 * that of the CA parameters), then the name with {@link ServerNames#verify}.
 * <p>
 * Being an {@link X509ExtendedTrustManager} is what replaces the host check: the JDK adds
 * its own check against the host connected to only around trust managers that are not,
 * and the trust managers of the JDK check a host only in their socket and engine
 * variants, which are never called here.
 */
final class ServerNameTrustManager extends X509ExtendedTrustManager {

	private final X509TrustManager delegate;

	private final String serverName;

	ServerNameTrustManager(X509TrustManager delegate, String serverName) {
		this.delegate = delegate;
		this.serverName = serverName;
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		this.delegate.checkServerTrusted(chain, authType);
		ServerNames.verify(chain[0], this.serverName);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		checkServerTrusted(chain, authType);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		checkServerTrusted(chain, authType);
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		this.delegate.checkClientTrusted(chain, authType);
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		checkClientTrusted(chain, authType);
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		checkClientTrusted(chain, authType);
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return this.delegate.getAcceptedIssuers();
	}

}
