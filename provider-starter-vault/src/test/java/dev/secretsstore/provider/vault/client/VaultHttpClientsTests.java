package dev.secretsstore.provider.vault.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import dev.secretsstore.provider.vault.TestCertificates;
import dev.secretsstore.provider.vault.tls.VaultTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SNI that the clients send, seen by a TLS server that records it: WireMock does not
 * show it.
 */
class VaultHttpClientsTests {

	@TempDir
	static Path folder;

	private static String caPem;

	private static SniRecorder server;

	@BeforeAll
	static void startServer() throws Exception {
		TestCertificates ca = TestCertificates.ca("SNI Test CA");
		caPem = ca.writePem(folder.resolve("ca.pem")).toString();
		server = new SniRecorder(ca.writeServerKeyStore(folder.resolve("server.p12"), "vault", "DNS:vault.internal",
				"DNS:localhost", "IP:127.0.0.1"));
	}

	@AfterAll
	static void stopServer() throws IOException {
		server.close();
	}

	@ParameterizedTest(name = "{0} with server name ''{1}'' sends ''{2}''")
	@CsvSource({ "localhost, '', localhost", "127.0.0.1, '', ''", "localhost, vault.internal, vault.internal",
			"127.0.0.1, vault.internal, vault.internal", "localhost, 127.0.0.1, ''" })
	void sendsTheServerNameAsSniInsteadOfTheHostOfTheAddress(String host, String serverName, String sni)
			throws Exception {
		VaultTls tls = new VaultTls(caPem, "", serverName, "", "", null);
		assertThat(call(tls, host)).isEqualTo(sni.isEmpty() ? List.of() : List.of(new SNIHostName(sni)));
	}

	@Test
	void sendsTheServerNameAsSniAlsoWithoutVerification() throws Exception {
		VaultTls tls = new VaultTls("", "", "vault.internal", "", "", true);
		assertThat(call(tls, "localhost")).containsExactly(new SNIHostName("vault.internal"));
	}

	private static List<SNIServerName> call(VaultTls tls, String host) throws Exception {
		VaultHttpClients clients = new VaultHttpClients(Duration.ofSeconds(5), Duration.ofSeconds(5));
		URI uri = URI.create("https://" + host + ":" + server.port() + "/v1/sys/health");
		try (ClientHttpResponse response = clients.get(tls).createRequest(uri, HttpMethod.GET).execute()) {
			assertThat(response.getStatusCode().value()).isEqualTo(204);
		}
		return server.next();
	}

	/**
	 * Answers every request with 204 and records the SNI of each connection.
	 */
	private static final class SniRecorder implements AutoCloseable {

		private final SSLServerSocket socket;

		private final BlockingQueue<List<SNIServerName>> serverNames = new LinkedBlockingQueue<>();

		SniRecorder(Path keyStore) throws Exception {
			KeyStore store = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(keyStore)) {
				store.load(in, TestCertificates.PASSWORD.toCharArray());
			}
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(store, TestCertificates.PASSWORD.toCharArray());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), null, null);
			this.socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0);
			Thread thread = new Thread(this::serve, "sni-recorder");
			thread.setDaemon(true);
			thread.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		List<SNIServerName> next() throws InterruptedException {
			List<SNIServerName> names = this.serverNames.poll(10, TimeUnit.SECONDS);
			assertThat(names).as("a TLS connection").isNotNull();
			return names;
		}

		private void serve() {
			while (!this.socket.isClosed()) {
				try (SSLSocket connection = (SSLSocket) this.socket.accept()) {
					connection.startHandshake();
					this.serverNames.add(((ExtendedSSLSession) connection.getSession()).getRequestedServerNames());
					BufferedReader request = new BufferedReader(
							new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
					for (String line = request.readLine(); line != null && !line.isEmpty(); line = request.readLine()) {
						// the request's head, unread
					}
					OutputStream out = connection.getOutputStream();
					out.write(
							"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					out.flush();
				}
				catch (IOException ex) {
					// closed, or a client that refused the certificate
				}
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
