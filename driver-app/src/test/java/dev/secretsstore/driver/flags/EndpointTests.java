package dev.secretsstore.driver.flags;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EndpointTests {

	@Test
	void acceptsUnixEndpointsWithTwoOrThreeSlashes() {
		assertThat(Endpoint.socketPath("unix:///csi/csi.sock")).isEqualTo(Path.of("/csi/csi.sock"));
		assertThat(Endpoint.socketPath("unix://tmp/csi.sock")).isEqualTo(Path.of("/tmp/csi.sock"));
		assertThat(Endpoint.socketPath("UNIX:///csi/csi.sock")).isEqualTo(Path.of("/csi/csi.sock"));
		assertThat(Endpoint.socketPath("unix:/csi/csi.sock")).isEqualTo(Path.of("/csi/csi.sock"));
		assertThat(Endpoint.socketPath("/csi/csi.sock")).isEqualTo(Path.of("/csi/csi.sock"));
	}

	@Test
	void refusesOtherTransports() {
		assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.socketPath("tcp://127.0.0.1:10000"))
			.withMessageContaining("only Unix sockets");
		assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.socketPath("unix://"))
			.withMessageContaining("no socket path");
	}

}
