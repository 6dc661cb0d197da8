package dev.secretsstore.driver.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class BoundedHttpServerTests {

	@Test
	void servesOnTheBoundPortReadsBodiesUpToTheLimitAndStops() throws Exception {
		BoundedHttpServer server = new BoundedHttpServer("echo",
				new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1, 4, (exchange) -> {
					try (exchange) {
						byte[] body = BoundedHttpServer.readBody(exchange, 8);
						byte[] answer = (body != null) ? body : "too large".getBytes(StandardCharsets.UTF_8);
						exchange.sendResponseHeaders((body != null) ? 200 : 413, answer.length);
						try (OutputStream out = exchange.getResponseBody()) {
							out.write(answer);
						}
					}
				});
		int port = server.start();
		try {
			assertThat(server.isRunning()).isTrue();
			assertThat(post(port, "12345678")).isEqualTo("200 12345678");
			assertThat(post(port, "123456789")).isEqualTo("413 too large");
		}
		finally {
			server.stop();
		}
		assertThat(server.isRunning()).isFalse();
	}

	@Test
	void aPortInUseIsRefusedNamingTheServerAndTheAddress() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
			assertThatIllegalStateException()
				.isThrownBy(() -> new BoundedHttpServer("change-webhook", address, 1, 1, (exchange) -> {
				}).start())
				.withMessageStartingWith("cannot serve change-webhook on " + address);
		}
	}

	private static String post(int port, String body) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		return response.statusCode() + " " + response.body();
	}

}
