package dev.secretsstore.driver.kubernetes.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.kubernetes.sync.SecretContents.InvalidSecretObjectException;
import dev.secretsstore.driver.kubernetes.sync.tls.TestCertificates;
import dev.secretsstore.driver.model.SecretProviderClass.SecretObject;
import dev.secretsstore.driver.model.SecretProviderClass.SecretObjectData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SecretContentsTests {

	private static KeyPair caKeys;

	private static KeyPair leafKeys;

	private static X509Certificate ca;

	private static X509Certificate leaf;

	@TempDir
	Path temp;

	private final Map<String, Path> files = new LinkedHashMap<>();

	@BeforeAll
	static void chain() throws Exception {
		caKeys = TestCertificates.ec("secp384r1");
		leafKeys = TestCertificates.rsa();
		ca = TestCertificates.selfSigned("test-ca", caKeys);
		leaf = TestCertificates.issued("web.example", leafKeys, "test-ca", caKeys);
	}

	@Test
	void aPemObjectGivesTheKeyInGoFormAndTheChainAsItIs() throws Exception {
		file("web-cert", TestPem.KEY_AND_CHAIN);

		Map<String, String> data = tls("web-cert", "web-cert");

		String key = data.get("tls.key");
		assertThat(key).startsWith("-----BEGIN EC PRIVATE KEY-----\n").endsWith("-----END EC PRIVATE KEY-----\n");
		assertThat(key).isEqualTo(TestCertificates.tlsKey(TestCertificates.pemBlock(TestPem.KEY_AND_CHAIN, 0)));
		assertThat(data.get("tls.crt").replaceAll("\\s", ""))
			.isEqualTo(TestPem.KEY_AND_CHAIN.substring(TestPem.KEY_AND_CHAIN.indexOf("-----BEGIN CERTIFICATE"))
				.replaceAll("\\s", ""));
	}

	@Test
	void aPfxGivesItsKeyAndItsChainLeafFirst() throws Exception {
		file("web-pfx", TestCertificates.pfx(leafKeys.getPrivate(), leaf, ca));

		Map<String, String> data = tls("web-pfx", "web-pfx");

		assertThat(data.get("tls.key")).isEqualTo(TestCertificates.tlsKey(leafKeys.getPrivate().getEncoded()))
			.startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
		assertThat(data.get("tls.crt")).isEqualTo(TestCertificates.pem("CERTIFICATE", leaf.getEncoded())
				+ TestCertificates.pem("CERTIFICATE", ca.getEncoded()));
	}

	@Test
	void aPfxInBase64AsTheAzureProviderWritesItByDefaultIsTakenToo() throws Exception {
		byte[] pfx = TestCertificates.pfx(leafKeys.getPrivate(), leaf, ca);
		file("binary", pfx);
		file("base64", TestCertificates.base64(pfx));

		assertThat(tls("base64", "base64")).isEqualTo(tls("binary", "binary"));
	}

	@Test
	void aPfxInTheLegacyFormGoAndKeyVaultUseIsTakenToo() throws Exception {
		KeyPair ecLeafKeys = TestCertificates.ec("secp256r1");
		X509Certificate ecLeaf = TestCertificates.issued("api.example", ecLeafKeys, "test-ca", caKeys);
		file("legacy", TestCertificates.legacyPfx(ecLeafKeys.getPrivate(), ecLeaf, ca));

		Map<String, String> data = tls("legacy", "legacy");

		assertThat(data.get("tls.key")).isEqualTo(TestCertificates.tlsKey(ecLeafKeys.getPrivate().getEncoded()))
			.startsWith("-----BEGIN EC PRIVATE KEY-----\n");
		assertThat(data.get("tls.crt")).isEqualTo(TestCertificates.pem("CERTIFICATE", ecLeaf.getEncoded())
				+ TestCertificates.pem("CERTIFICATE", ca.getEncoded()));
	}

	@Test
	void ofTwoPemKeysTheLastIsTakenAsInGo() throws Exception {
		file("web-cert",
				TestCertificates.pem("PRIVATE KEY", caKeys.getPrivate().getEncoded())
						+ TestCertificates.pem("PRIVATE KEY", leafKeys.getPrivate().getEncoded())
						+ TestCertificates.pem("CERTIFICATE", leaf.getEncoded()));

		assertThat(tls("web-cert", "web-cert").get("tls.key"))
			.isEqualTo(TestCertificates.tlsKey(leafKeys.getPrivate().getEncoded()));
	}

	@Test
	void keyAndCertificateMayComeFromTwoObjects() throws Exception {
		String pkcs1 = TestCertificates.tlsKey(leafKeys.getPrivate().getEncoded());
		file("web-key", pkcs1);
		file("web-crt", TestCertificates.pem("CERTIFICATE", leaf.getEncoded()));

		assertThat(tls("web-key", "web-crt")).containsEntry("tls.key", pkcs1)
			.containsEntry("tls.crt", TestCertificates.pem("CERTIFICATE", leaf.getEncoded()));
	}

	@Test
	void aKeyThatMatchesNoCertificateIsRefused() throws Exception {
		file("web-key", TestCertificates.pem("PRIVATE KEY", caKeys.getPrivate().getEncoded()));
		file("web-crt", TestCertificates.pem("CERTIFICATE", leaf.getEncoded()));

		assertThatExceptionOfType(InvalidSecretObjectException.class).isThrownBy(() -> tls("web-key", "web-crt"))
			.withMessage("secretObject web-tls: the private key for tls.key (object web-key) matches none of the "
					+ "certificates for tls.crt (object web-crt)");
	}

	@Test
	void aPfxWithAPasswordIsRefused() throws Exception {
		file("web-pfx", TestCertificates.pfx(leafKeys.getPrivate(), "changeit".toCharArray(), leaf, ca));

		assertThatExceptionOfType(InvalidSecretObjectException.class).isThrownBy(() -> tls("web-pfx", "web-pfx"))
			.withMessage("secretObject web-tls: object web-pfx for tls.key: the PFX is protected by a password; only "
					+ "a PFX without password can be synced");
	}

	@Test
	void anObjectThatIsNeitherPemNorPfxIsRefused() throws Exception {
		file("web-cert", "pa55word-value");

		assertThatExceptionOfType(InvalidSecretObjectException.class).isThrownBy(() -> tls("web-cert", "web-cert"))
			.withMessage("secretObject web-tls: object web-cert for tls.key: it is neither PEM (no -----BEGIN block) "
					+ "nor a PFX (PKCS#12) file");
	}

	@Test
	void encryptedPemKeysAreRefusedWithoutQuotingThem() throws Exception {
		String pkcs8 = TestCertificates.pem("ENCRYPTED PRIVATE KEY", TestCertificates.encrypted(leafKeys.getPrivate()));
		String legacy = """
				-----BEGIN RSA PRIVATE KEY-----
				Proc-Type: 4,ENCRYPTED
				DEK-Info: AES-128-CBC,9A2D6B6B8D3C3F6D1E0B7C5A4F3E2D1C

				%s-----END RSA PRIVATE KEY-----
				""".formatted(Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(new byte[300]) + "\n");
		file("pkcs8", pkcs8 + TestCertificates.pem("CERTIFICATE", leaf.getEncoded()));
		file("legacy", legacy + TestCertificates.pem("CERTIFICATE", leaf.getEncoded()));

		assertThatExceptionOfType(InvalidSecretObjectException.class).isThrownBy(() -> tls("pkcs8", "pkcs8"))
			.withMessage("secretObject web-tls: object pkcs8 for tls.key: the private key is encrypted "
					+ "(PKCS#8 EncryptedPrivateKeyInfo); only unencrypted keys can be synced")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(pkcs8.lines().skip(1).findFirst().get()));
		assertThatExceptionOfType(InvalidSecretObjectException.class).isThrownBy(() -> tls("legacy", "legacy"))
			.withMessage("secretObject web-tls: object legacy for tls.key: the RSA PRIVATE KEY PEM block is "
					+ "encrypted; only unencrypted keys can be synced");
	}

	@Test
	void aPemObjectWithoutKeyOrCertificateSaysWhichIsMissing() throws Exception {
		file("only-cert", TestCertificates.pem("CERTIFICATE", leaf.getEncoded()));
		file("only-key", TestCertificates.pem("PRIVATE KEY", leafKeys.getPrivate().getEncoded()));

		assertThatExceptionOfType(InvalidSecretObjectException.class).isThrownBy(() -> tls("only-cert", "only-cert"))
			.withMessage("secretObject web-tls: object only-cert for tls.key: no private key PEM block "
					+ "(PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY) found");
		assertThatExceptionOfType(InvalidSecretObjectException.class).isThrownBy(() -> tls("only-key", "only-key"))
			.withMessage("secretObject web-tls: object only-key for tls.crt: no CERTIFICATE PEM block found");
	}

	private Map<String, String> tls(String keyObject, String certificateObject) {
		SecretObject object = new SecretObject("web-tls", "kubernetes.io/tls", Map.of(), Map.of(), List
			.of(new SecretObjectData(keyObject, "tls.key"), new SecretObjectData(certificateObject, "tls.crt")));
		DesiredSecret secret = SecretContents.of(object, "apps", this.files);
		assertThat(secret.type()).isEqualTo("kubernetes.io/tls");
		Map<String, String> data = new LinkedHashMap<>();
		secret.data().forEach((key, value) -> data.put(key, pem(value)));
		return data;
	}

	private void file(String name, String content) throws IOException {
		file(name, content.getBytes(StandardCharsets.US_ASCII));
	}

	private void file(String name, byte[] content) throws IOException {
		this.files.put(name, Files.write(this.temp.resolve(name), content));
	}

	private static String pem(byte[] bytes) {
		return new String(bytes, StandardCharsets.US_ASCII);
	}

}
