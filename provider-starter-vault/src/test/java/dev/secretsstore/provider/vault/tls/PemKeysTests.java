package dev.secretsstore.provider.vault.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The client keys the Go provider reads ({@code tls.X509KeyPair}: PKCS#8, PKCS#1 RSA and
 * SEC1 EC) are read here too.
 */
class PemKeysTests {

	@TempDir
	Path folder;

	@ParameterizedTest
	@CsvSource({ "client-key.pem, RSA", "client-key-pkcs1.pem, RSA", "client-key-ec-sec1.pem, EC" })
	void readsEveryFormGoReads(String file, String algorithm) throws Exception {
		PrivateKey key = PemKeys.read(fixture(file), "vaultTLSClientKeyPath");
		assertThat(key.getAlgorithm()).isEqualTo(algorithm);
	}

	@Test
	void aFileWithoutAKeyIsRefusedWithoutQuotingIt() throws IOException {
		Path certificateOnly = Files.copy(fixture("client.pem"), this.folder.resolve("client.pem"));
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.read(certificateOnly, "vaultTLSClientKeyPath"))
			.withMessage("'vaultTLSClientKeyPath' " + certificateOnly
					+ " holds no unencrypted PKCS#8, PKCS#1 RSA or SEC1 EC private key");
		Path broken = Files.writeString(this.folder.resolve("broken.pem"),
				"-----BEGIN EC PRIVATE KEY-----\nbm90IGEga2V5\n-----END EC PRIVATE KEY-----\n");
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.read(broken, "vaultTLSClientKeyPath"))
			.withMessage("'vaultTLSClientKeyPath' " + broken + " holds an unreadable private key")
			.withNoCause();
	}

	private static Path fixture(String name) {
		return Path.of("src/test/resources/tls", name);
	}

}
