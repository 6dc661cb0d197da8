package dev.secretsstore.driver.kubernetes.sync.tls;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.secretsstore.driver.kubernetes.sync.tls.PemBlocks.Block;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PemBlocksTests {

	@Test
	void readsEveryBlockSkippingTextAroundThemAndHeaders() {
		String pem = """
				Bag Attributes
				    localKeyID: 01 00 00 00
				-----BEGIN CERTIFICATE-----
				localKeyId: 01000000

				AQID
				BAU=
				-----END CERTIFICATE-----
				-----BEGIN RSA PRIVATE KEY-----
				Proc-Type: 4,ENCRYPTED
				DEK-Info: AES-128-CBC,00000000000000000000000000000000

				BgcI
				-----END RSA PRIVATE KEY-----
				""";

		List<Block> blocks = PemBlocks.decode(pem.getBytes(StandardCharsets.US_ASCII));

		assertThat(blocks).extracting(Block::type).containsExactly("CERTIFICATE", "RSA PRIVATE KEY");
		assertThat(blocks.get(0).der()).containsExactly(1, 2, 3, 4, 5);
		assertThat(blocks.get(0).encrypted()).isFalse();
		assertThat(blocks.get(1).encrypted()).isTrue();
		assertThat(blocks.get(1)).hasToString("PEM block RSA PRIVATE KEY");
	}

	@Test
	void findsNoBlockInBinaryOrPlainText() {
		assertThat(PemBlocks.decode(new byte[] { 0x30, (byte) 0x82, 0x01, 0x00 })).isEmpty();
		assertThat(PemBlocks.decode("s3cret".getBytes(StandardCharsets.US_ASCII))).isEmpty();
	}

	@Test
	void badBase64IsReportedWithoutQuotingIt() {
		Block block = PemBlocks
			.decode("-----BEGIN PRIVATE KEY-----\nnot*base64\n-----END PRIVATE KEY-----"
				.getBytes(StandardCharsets.US_ASCII))
			.get(0);

		assertThatIllegalArgumentException().isThrownBy(block::der)
			.withMessage("the PRIVATE KEY PEM block is not valid base64");
	}

	@Test
	void writesLinesOf64CharactersAsGoDoes() {
		byte[] der = new byte[60];

		String pem = new String(PemBlocks.encode("CERTIFICATE", der), StandardCharsets.US_ASCII);

		// pem.EncodeToMemory: 48 bytes make a line of 64 characters; the rest goes on the
		// next line
		assertThat(pem).isEqualTo("""
				-----BEGIN CERTIFICATE-----
				AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
				AAAAAAAAAAAAAAAA
				-----END CERTIFICATE-----
				""");
	}

}
