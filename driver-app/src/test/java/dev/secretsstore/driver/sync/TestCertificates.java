package dev.secretsstore.driver.sync;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.bc.BcPKCS12PBEOutputEncryptorBuilder;

/**
 * Key pairs and certificates made fresh by the tests, with the JDK's providers (BouncyCastle builds the
 * structures, it is never registered as a provider).
 */
final class TestCertificates {

	private TestCertificates() {
	}

	static KeyPair rsa() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

	/**
	 * @param curve a JDK curve name such as {@code secp256r1}
	 */
	static KeyPair ec(String curve) throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec(curve));
		return generator.generateKeyPair();
	}

	static X509Certificate selfSigned(String name, KeyPair keys) throws Exception {
		return certificate(name, keys, name, keys, true);
	}

	static X509Certificate issued(String name, KeyPair keys, String issuerName, KeyPair issuerKeys) throws Exception {
		return certificate(name, keys, issuerName, issuerKeys, false);
	}

	/**
	 * {@code key} as a PKCS#8 EncryptedPrivateKeyInfo under the password {@code secret}.
	 */
	static byte[] encrypted(PrivateKey key) throws Exception {
		return new PKCS8EncryptedPrivateKeyInfoBuilder(PrivateKeyInfo.getInstance(key.getEncoded()))
			.build(new BcPKCS12PBEOutputEncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC,
					CBCBlockCipher.newInstance(new DESedeEngine()))
				.build("secret".toCharArray()))
			.getEncoded();
	}

	static String pem(String type, byte[] der) {
		return new String(PemBlocks.encode(type, der), StandardCharsets.US_ASCII);
	}

	private static X509Certificate certificate(String name, KeyPair keys, String issuerName, KeyPair issuerKeys,
			boolean ca) throws Exception {
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuerName),
				BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
				Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=" + name), keys.getPublic())
			.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
		String algorithm = "RSA".equals(issuerKeys.getPrivate().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
	}

}
