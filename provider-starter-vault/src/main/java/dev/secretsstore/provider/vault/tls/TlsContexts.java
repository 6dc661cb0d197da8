package dev.secretsstore.provider.vault.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the SSL context of a {@link VaultTls}: CA certificates from a file and a folder,
 * a client certificate and key for mutual TLS, the server name to send and verify instead
 * of the host of {@code vaultAddress}, or no verification at all.
 */
public final class TlsContexts {

	private static final char[] NO_PASSWORD = new char[0];

	private TlsContexts() {
	}

	/**
	 * @throws IllegalArgumentException naming the parameter whose file cannot be read or
	 * holds no usable content
	 */
	public static SSLContext create(VaultTls tls) throws GeneralSecurityException {
		TrustManager[] trust = trustManagers(tls);
		KeyManager[] keys = keyManagers(tls);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys, trust, null);
		// Go sends the server name as SNI even when it skips verification
		return tls.serverName().isEmpty() ? context
				: new ServerNameSslContext(context, ServerNames.sni(tls.serverName()));
	}

	private static KeyManager[] keyManagers(VaultTls tls) throws GeneralSecurityException {
		if (tls.clientCertPath().isEmpty()) {
			return null;
		}
		KeyStore store = emptyStore();
		List<X509Certificate> chain = certificates(Path.of(tls.clientCertPath()), "vaultTLSClientCertPath");
		PrivateKey key = PemKeys.read(Path.of(tls.clientKeyPath()), "vaultTLSClientKeyPath");
		store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, NO_PASSWORD);
		return keys.getKeyManagers();
	}

	/**
	 * The trust managers, or {@code null} for the JVM's own, which check the host of
	 * {@code vaultAddress}.
	 */
	private static TrustManager[] trustManagers(VaultTls tls) throws GeneralSecurityException {
		if (tls.insecure()) {
			return new TrustManager[] { new TrustAll() };
		}
		KeyStore cas = caStore(tls);
		if (tls.serverName().isEmpty() && cas == null) {
			return null;
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		// a null store is the JVM's trust store
		factory.init(cas);
		if (tls.serverName().isEmpty()) {
			return factory.getTrustManagers();
		}
		return new TrustManager[] { new ServerNameTrustManager(x509(factory.getTrustManagers()), tls.serverName()) };
	}

	/**
	 * The CA certificates of the parameters, or {@code null} when there are none.
	 */
	private static KeyStore caStore(VaultTls tls) throws GeneralSecurityException {
		if (tls.caCertPath().isEmpty() && tls.caDirectory().isEmpty()) {
			return null;
		}
		List<X509Certificate> cas = new ArrayList<>();
		if (!tls.caCertPath().isEmpty()) {
			cas.addAll(certificates(Path.of(tls.caCertPath()), "vaultCACertPath"));
		}
		if (!tls.caDirectory().isEmpty()) {
			cas.addAll(directory(Path.of(tls.caDirectory())));
		}
		KeyStore store = emptyStore();
		for (int i = 0; i < cas.size(); i++) {
			store.setCertificateEntry("ca-" + i, cas.get(i));
		}
		return store;
	}

	private static X509TrustManager x509(TrustManager[] managers) throws GeneralSecurityException {
		for (TrustManager manager : managers) {
			if (manager instanceof X509TrustManager x509) {
				return x509;
			}
		}
		throw new GeneralSecurityException("no X.509 trust manager in " + Arrays.toString(managers));
	}

	private static List<X509Certificate> directory(Path folder) {
		List<X509Certificate> cas = new ArrayList<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
				// like Go's rootcerts, files that hold no certificate are skipped
				cas.addAll(parse(Files.readAllBytes(file)));
			}
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalArgumentException("'vaultCADirectory' " + folder + " cannot be read: " + ex, ex);
		}
		if (cas.isEmpty()) {
			throw new IllegalArgumentException("'vaultCADirectory' " + folder + " holds no PEM certificate");
		}
		return cas;
	}

	private static List<X509Certificate> certificates(Path file, String parameter) {
		try {
			List<X509Certificate> certificates = parse(Files.readAllBytes(file));
			if (certificates.isEmpty()) {
				throw new IllegalArgumentException("'" + parameter + "' " + file + " holds no PEM certificate");
			}
			return certificates;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalArgumentException("'" + parameter + "' " + file + " cannot be read: " + ex, ex);
		}
	}

	private static List<X509Certificate> parse(byte[] pem) throws GeneralSecurityException {
		List<X509Certificate> certificates = new ArrayList<>();
		for (byte[] der : PemKeys.blocks(pem, "CERTIFICATE")) {
			certificates.add((X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(der)));
		}
		return certificates;
	}

	private static KeyStore emptyStore() throws GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try {
			store.load(null, null);
		}
		catch (IOException ex) {
			throw new GeneralSecurityException(ex);
		}
		return store;
	}

	/**
	 * Accepts every server certificate and, being an extended trust manager, also skips
	 * the host name check that the JDK would otherwise add: what
	 * {@code vaultSkipTLSVerify} asks for.
	 */
	private static final class TrustAll extends X509ExtendedTrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
