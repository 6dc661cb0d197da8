package dev.secretsstore.driver.actuator.http;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Standalone mode's decisions; {@link ActuatorHttpServerTests} makes the same requests
 * over the network.
 */
class LoopbackOrTokenAuthorizerTests {

	private static final InetAddress REMOTE = address(192, 0, 2, 7);

	@TempDir
	Path folder;

	@Test
	void loopbackMayWithoutCredentialsOverIPv4AndIPv6() throws Exception {
		LoopbackOrTokenAuthorizer authorizer = new LoopbackOrTokenAuthorizer(new ManagementProperties(null, null));
		assertThat(authorizer.authorize(post(InetAddress.getByName("127.0.0.1"), null)).isAllowed()).isTrue();
		assertThat(authorizer.authorize(post(InetAddress.getByName("::1"), null)).isAllowed()).isTrue();
		assertThat(authorizer.authorize(post(REMOTE, null)).status()).isEqualTo(401);
	}

	@Test
	void aTokenGivenInlineLetsRemoteCallersThatPresentIt() {
		LoopbackOrTokenAuthorizer authorizer = new LoopbackOrTokenAuthorizer(
				new ManagementProperties("inline-token", null));
		assertThat(authorizer.authorize(post(REMOTE, "inline-token")).isAllowed()).isTrue();
		assertThat(authorizer.authorize(post(REMOTE, "inline-token2")).status()).isEqualTo(401);
		assertThat(authorizer.authorize(post(REMOTE, "inline")).status()).isEqualTo(401);
		assertThat(authorizer.authorize(post(REMOTE, null)).detail()).isEqualTo("a bearer token is required");
	}

	@Test
	void anUnreadableTokenFileMakesRemoteWritesUnavailableAndAnEmptyOneRefusesThem() throws Exception {
		LoopbackOrTokenAuthorizer missing = new LoopbackOrTokenAuthorizer(
				new ManagementProperties(null, this.folder.resolve("missing")));
		assertThat(missing.authorize(post(REMOTE, "anything")).status()).isEqualTo(503);
		Path empty = Files.writeString(this.folder.resolve("empty"), "\n");
		LoopbackOrTokenAuthorizer emptyFile = new LoopbackOrTokenAuthorizer(new ManagementProperties(null, empty));
		// an empty token would otherwise match an empty bearer token
		assertThat(emptyFile.authorize(post(REMOTE, "")).status()).isEqualTo(401);
		assertThat(emptyFile.authorize(post(REMOTE, "x")).status()).isEqualTo(401);
	}

	@Test
	void aTokenAndATokenFileTogetherAreAMistake() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ManagementProperties("inline", this.folder.resolve("token")))
			.withMessage("set secrets-store.management.token or secrets-store.management.token-file, not both");
	}

	@Test
	void neitherTheRequestNorThePropertiesPrintTheToken() {
		assertThat(post(REMOTE, "s3cr3t")).hasToString("post /actuator/rotations from 192.0.2.7 with a bearer token");
		assertThat(new ManagementProperties("s3cr3t", null)).asString().doesNotContain("s3cr3t");
	}

	private static WriteRequest post(InetAddress client, @Nullable String token) {
		return new WriteRequest("post", "/actuator/rotations", client, token);
	}

	private static InetAddress address(int a, int b, int c, int d) {
		try {
			return InetAddress.getByAddress(new byte[] { (byte) a, (byte) b, (byte) c, (byte) d });
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
