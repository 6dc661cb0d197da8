package dev.secretsstore.driver.expiry;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which file contents are certificates, and whose NotAfter counts: a leaf signed by a CA
 * that outlives it, so that reading the wrong certificate of a chain shows.
 */
class CertificateReaderTests {

	private static final Instant LEAF_EXPIRES = Certificates.seconds(Instant.now().plus(Duration.ofDays(3)));

	private static final Instant CA_EXPIRES = Certificates.seconds(Instant.now().plus(Duration.ofDays(400)));

	private static KeyPair leafKeys;

	private static X509Certificate leaf;

	private static X509Certificate ca;

	@BeforeAll
	static void issue() throws Exception {
		KeyPair caKeys = Certificates.keys();
		leafKeys = Certificates.keys();
		ca = Certificates.selfSigned("test-ca", caKeys, CA_EXPIRES);
		leaf = Certificates.certificate("web.example", leafKeys, LEAF_EXPIRES, "test-ca", caKeys, false);
	}

	@Test
	void aPemChainExpiresWithItsLeafTheFirstCertificate() throws Exception {
		assertThat(read(Certificates.pem(leaf, ca))).hasValue(LEAF_EXPIRES);
		assertThat(read(Certificates.pem(ca, leaf))).as("whatever comes first is taken as the leaf")
			.hasValue(CA_EXPIRES);
	}

	@Test
	void aPemFileWithTheKeyFirstAsAzureWritesItIsACertificate() throws Exception {
		String keyThenChain = Certificates.pem("PRIVATE KEY", leafKeys.getPrivate().getEncoded())
				+ Certificates.pem(leaf, ca);
		assertThat(read("subject=CN=web.example\n" + keyThenChain)).hasValue(LEAF_EXPIRES);
	}

	@Test
	void aPfxWithoutPasswordExpiresWithTheCertificateOfItsKey() throws Exception {
		byte[] pfx = Certificates.pfx(leafKeys, leaf, ca);
		assertThat(CertificateReader.notAfter(pfx)).hasValue(LEAF_EXPIRES);
	}

	@Test
	void aPfxInBase64AsAzureWritesItIsReadToo() throws Exception {
		byte[] pfx = Certificates.pfx(leafKeys, leaf, ca);
		assertThat(read(Certificates.base64(pfx))).hasValue(LEAF_EXPIRES);
		assertThat(read(Base64.getMimeEncoder().encodeToString(pfx) + "\n")).as("in lines, with a final newline")
			.hasValue(LEAF_EXPIRES);
	}

	@Test
	void aPfxBehindAPasswordIsNotReadable() throws Exception {
		byte[] pfx = Certificates.pfx(leafKeys, "changeit".toCharArray(), leaf);
		assertThat(CertificateReader.notAfter(pfx)).isEmpty();
		assertThat(read(Certificates.base64(pfx))).isEmpty();
	}

	@Test
	void otherSecretsAreNotCertificates() throws Exception {
		assertThat(read("hunter2")).isEmpty();
		assertThat(read("")).isEmpty();
		assertThat(read(Base64.getEncoder().encodeToString("0 is a DER sequence".getBytes(StandardCharsets.UTF_8))))
			.as("base64 of something that starts like DER")
			.isEmpty();
		assertThat(read(Certificates.pem("PRIVATE KEY", leafKeys.getPrivate().getEncoded()))).as("a key alone")
			.isEmpty();
		byte[] garbage = new byte[2048];
		new SecureRandom().nextBytes(garbage);
		garbage[0] = 0x30;
		assertThat(CertificateReader.notAfter(garbage)).isEmpty();
	}

	@Test
	void aTruncatedCertificateBlockIsNotACertificate() throws Exception {
		byte[] der = leaf.getEncoded();
		assertThat(read(Certificates.pem("CERTIFICATE", java.util.Arrays.copyOf(der, der.length / 2)))).isEmpty();
	}

	private static java.util.Optional<Instant> read(String content) {
		return CertificateReader.notAfter(content.getBytes(StandardCharsets.US_ASCII));
	}

}
