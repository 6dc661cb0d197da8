package dev.secretsstore.driver.kubernetes.sync.tls;

import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TlsPrivateKeyTests {

	/**
	 * Made with {@code openssl ecparam -name secp384r1 -genkey -noout} (OpenSSL 3.0),
	 * used only by tests.
	 */
	private static final String OPENSSL_SEC1_P384 = """
			-----BEGIN EC PRIVATE KEY-----
			MIGkAgEBBDBvTp5rV3eJhEB57ndT1BkfhUS+bONmn394cgVo+lEouluCuZ4qRzVW
			NrKrFj5fSeigBwYFK4EEACKhZANiAATqTSijyvHj+WPUPbpB+YCqiUNYTw2aeQdA
			Ds4D1h6j66ptJl7t8+C4IjEznh8EGf27VKlOtXK/EjEvfjNBGoD0fu8Ak30ltd+f
			oJu6LsrPzhq+c18nPe6m65ndNW9paq0=
			-----END EC PRIVATE KEY-----
			""";

	/**
	 * The same key after {@code openssl pkcs8 -topk8 -nocrypt}: the curve moves to the
	 * algorithm.
	 */
	private static final String OPENSSL_PKCS8_P384 = """
			-----BEGIN PRIVATE KEY-----
			MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDBvTp5rV3eJhEB57ndT
			1BkfhUS+bONmn394cgVo+lEouluCuZ4qRzVWNrKrFj5fSeihZANiAATqTSijyvHj
			+WPUPbpB+YCqiUNYTw2aeQdADs4D1h6j66ptJl7t8+C4IjEznh8EGf27VKlOtXK/
			EjEvfjNBGoD0fu8Ak30ltd+foJu6LsrPzhq+c18nPe6m65ndNW9paq0=
			-----END PRIVATE KEY-----
			""";

	private static KeyPair rsa;

	@BeforeAll
	static void keys() throws Exception {
		rsa = TestCertificates.rsa();
	}

	@Test
	void anRsaKeyAsPkcs1OrPkcs8BecomesTheSamePkcs1Block() {
		RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa.getPrivate();
		// x509.MarshalPKCS1PrivateKey: version 0, then n, e, d, p, q, dp, dq, qinv
		byte[] pkcs1 = Der.sequence(Der.integer(0), Der.integer(key.getModulus()), Der.integer(key.getPublicExponent()),
				Der.integer(key.getPrivateExponent()), Der.integer(key.getPrimeP()), Der.integer(key.getPrimeQ()),
				Der.integer(key.getPrimeExponentP()), Der.integer(key.getPrimeExponentQ()),
				Der.integer(key.getCrtCoefficient()));
		String expected = TestCertificates.pem("RSA PRIVATE KEY", pkcs1);

		assertThat(pem(TlsPrivateKey.of(key.getEncoded()))).isEqualTo(expected);
		assertThat(pem(TlsPrivateKey.of(pkcs1))).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "secp256r1, 32", "secp384r1, 48" })
	void anEcKeyAsPkcs8OrSec1BecomesTheSameSec1BlockWithCurveAndPublicKey(String curve, int size) throws Exception {
		KeyPair keys = TestCertificates.ec(curve);
		ECPrivateKey key = (ECPrivateKey) keys.getPrivate();
		ECPublicKey publicKey = (ECPublicKey) keys.getPublic();
		byte[] oid = "secp256r1".equals(curve) ? Der.P256 : Der.P384;
		// x509.MarshalECPrivateKey: version 1, d in the order's size, [0] curve, [1]
		// uncompressed point
		byte[] point = Der.concat(new byte[] { 4 }, Der.unsigned(publicKey.getW().getAffineX(), size),
				Der.unsigned(publicKey.getW().getAffineY(), size));
		byte[] sec1 = Der.sequence(Der.integer(1), Der.octetString(Der.unsigned(key.getS(), size)),
				Der.explicit(0, oid), Der.explicit(1, Der.bitString(point)));
		byte[] bareSec1 = Der.sequence(Der.integer(1), Der.octetString(Der.unsigned(key.getS(), size)),
				Der.explicit(0, oid));
		String expected = TestCertificates.pem("EC PRIVATE KEY", sec1);

		// the JDK's PKCS#8 holds neither the curve inside nor the public key
		assertThat(pem(TlsPrivateKey.of(key.getEncoded()))).isEqualTo(expected);
		assertThat(pem(TlsPrivateKey.of(sec1))).isEqualTo(expected);
		assertThat(pem(TlsPrivateKey.of(bareSec1))).isEqualTo(expected);

		KeyPair parsed = parse(expected);
		assertThat(((ECPrivateKey) parsed.getPrivate()).getS()).isEqualTo(key.getS());
		assertThat(((ECPublicKey) parsed.getPublic()).getW()).isEqualTo(publicKey.getW());
	}

	@Test
	void anEcKeyAsOpensslWritesItComesOutUnchanged() {
		// Go's own sec1_test expects MarshalECPrivateKey to give back an openssl ecparam
		// key byte for byte
		String expected = OPENSSL_SEC1_P384;

		assertThat(pem(TlsPrivateKey.of(der(OPENSSL_SEC1_P384)))).isEqualTo(expected);
		assertThat(pem(TlsPrivateKey.of(der(OPENSSL_PKCS8_P384)))).isEqualTo(expected);
	}

	@Test
	void aZeroPaddedScalarIsWrittenInTheCurvesSizeAsGoDoes() throws Exception {
		KeyPair keys = TestCertificates.ec("secp256r1");
		BigInteger s = ((ECPrivateKey) keys.getPrivate()).getS();
		byte[] padded = Der.sequence(Der.integer(1), Der.octetString(Der.unsigned(s, 33)), Der.explicit(0, Der.P256));

		assertThat(pem(TlsPrivateKey.of(padded))).isEqualTo(pem(TlsPrivateKey.of(keys.getPrivate().getEncoded())));
	}

	@Test
	void otherKeyTypesAreRefusedAsInGo() throws Exception {
		byte[] ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded();

		assertThatIllegalArgumentException().isThrownBy(() -> TlsPrivateKey.of(ed25519))
			.withMessage("the private key is Ed25519; only RSA and EC keys are supported, as in the Go driver");
	}

	@Test
	void otherCurvesAreRefusedAsInGo() {
		byte[] secp256k1 = Der.sequence(Der.integer(1), Der.octetString(Der.unsigned(BigInteger.TEN, 32)),
				Der.explicit(0, Der.SECP256K1));

		assertThatIllegalArgumentException().isThrownBy(() -> TlsPrivateKey.of(secp256k1))
			.withMessage("the EC private key is on curve secp256k1; only P-224, P-256, P-384 and P-521 are supported, "
					+ "as in the Go driver");
	}

	@Test
	void anEcKeyWithoutCurveOrOutOfRangeIsRefused() {
		byte[] noCurve = Der.sequence(Der.integer(1), Der.octetString(Der.unsigned(BigInteger.TEN, 32)));
		byte[] zero = Der.sequence(Der.integer(1), Der.octetString(new byte[32]), Der.explicit(0, Der.P256));

		assertThatIllegalArgumentException().isThrownBy(() -> TlsPrivateKey.of(noCurve))
			.withMessageStartingWith("the EC private key names no curve");
		assertThatIllegalArgumentException().isThrownBy(() -> TlsPrivateKey.of(zero))
			.withMessage("the EC private key is out of range for P-256");
	}

	@Test
	void anEncryptedPkcs8KeyIsRefused() throws Exception {
		byte[] encrypted = TestCertificates.encrypted(rsa.getPrivate());

		assertThatIllegalArgumentException().isThrownBy(() -> TlsPrivateKey.of(encrypted))
			.withMessage("the private key is encrypted (PKCS#8 EncryptedPrivateKeyInfo); only unencrypted keys can "
					+ "be synced");
	}

	@Test
	void anInconsistentRsaKeyIsRefused() {
		RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa.getPrivate();
		byte[] wrongCrt = Der.sequence(Der.integer(0), Der.integer(key.getModulus()),
				Der.integer(key.getPublicExponent()), Der.integer(key.getPrivateExponent()),
				Der.integer(key.getPrimeP()), Der.integer(key.getPrimeQ()),
				Der.integer(key.getPrimeExponentP().add(BigInteger.ONE)), Der.integer(key.getPrimeExponentQ()),
				Der.integer(key.getCrtCoefficient()));

		assertThatIllegalArgumentException().isThrownBy(() -> TlsPrivateKey.of(wrongCrt))
			.withMessageStartingWith("the RSA private key is inconsistent");
	}

	@Test
	void garbageIsRefusedWithoutQuotingIt() {
		byte[] garbage = "not a key at all".getBytes(StandardCharsets.US_ASCII);
		byte[] integers = Der.sequence(Der.integer(0), Der.integer(42));

		assertThatIllegalArgumentException().isThrownBy(() -> TlsPrivateKey.of(garbage))
			.withMessage("the private key is not valid DER");
		assertThatIllegalArgumentException().isThrownBy(() -> TlsPrivateKey.of(integers))
			.withMessage("the private key is not an RSA or EC key in PKCS#1, PKCS#8 or SEC1 form");
	}

	@Test
	void matchesTheCertificateOfItsOwnPublicKeyOnly() throws Exception {
		KeyPair ec = TestCertificates.ec("secp256r1");
		TlsPrivateKey rsaKey = TlsPrivateKey.of(rsa.getPrivate().getEncoded());
		TlsPrivateKey ecKey = TlsPrivateKey.of(ec.getPrivate().getEncoded());
		SubjectPublicKeyInfo rsaCertificate = SubjectPublicKeyInfo
			.getInstance(TestCertificates.selfSigned("rsa", rsa).getPublicKey().getEncoded());
		SubjectPublicKeyInfo ecCertificate = SubjectPublicKeyInfo
			.getInstance(TestCertificates.selfSigned("ec", ec).getPublicKey().getEncoded());
		SubjectPublicKeyInfo otherEcCertificate = SubjectPublicKeyInfo.getInstance(
				TestCertificates.selfSigned("other", TestCertificates.ec("secp256r1")).getPublicKey().getEncoded());

		assertThat(rsaKey.matches(rsaCertificate)).isTrue();
		assertThat(rsaKey.matches(ecCertificate)).isFalse();
		assertThat(ecKey.matches(ecCertificate)).isTrue();
		assertThat(ecKey.matches(otherEcCertificate)).isFalse();
		assertThat(ecKey.matches(rsaCertificate)).isFalse();
		assertThat(ecKey).hasToString("EC PRIVATE KEY");
	}

	private static String pem(TlsPrivateKey key) {
		return new String(key.pem(), StandardCharsets.US_ASCII);
	}

	private static byte[] der(String pem) {
		return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
	}

	private static KeyPair parse(String pem) throws Exception {
		try (PEMParser parser = new PEMParser(new StringReader(pem))) {
			return new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parser.readObject());
		}
	}

}
