package dev.secretsstore.driver.kubernetes.sync.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.engines.RC2Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.bc.BcPKCS12PBEOutputEncryptorBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;

/**
 * Key pairs, certificates and PFX files made fresh by the tests, with the JDK's providers
 * (BouncyCastle builds the structures, it is never registered as a provider). Public for
 * Secret sync's tests, which turn such objects into Secrets through the codec.
 */
public final class TestCertificates {

	private static final char[] NO_PASSWORD = new char[0];

	private TestCertificates() {
	}

	public static KeyPair rsa() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

	/**
	 * @param curve a JDK curve name such as {@code secp256r1}
	 */
	public static KeyPair ec(String curve) throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec(curve));
		return generator.generateKeyPair();
	}

	public static X509Certificate selfSigned(String name, KeyPair keys) throws Exception {
		return certificate(name, keys, name, keys, true);
	}

	public static X509Certificate issued(String name, KeyPair keys, String issuerName, KeyPair issuerKeys)
			throws Exception {
		return certificate(name, keys, issuerName, issuerKeys, false);
	}

	/**
	 * A PFX written by the JDK's PKCS12 key store (PBES2 and AES with Java 17's
	 * defaults).
	 */
	public static byte[] pfx(PrivateKey key, char[] password, Certificate... chain) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("tls", key, password, chain);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		store.store(out, password);
		return out.toByteArray();
	}

	public static byte[] pfx(PrivateKey key, Certificate... chain) throws Exception {
		return pfx(key, NO_PASSWORD, chain);
	}

	/**
	 * A PFX in the legacy form that Go's {@code pkcs12} package reads and Azure Key Vault
	 * serves: certificates under RC2-40, the key under 3DES, an HMAC-SHA1 MAC, and the
	 * empty password as BouncyCastle writes it (no terminating zero).
	 */
	public static byte[] legacyPfx(PrivateKey key, X509Certificate... chain) throws Exception {
		DEROctetString localKeyId = new DEROctetString(new byte[] { 1, 0, 0, 0 });
		PKCS12SafeBag[] certificates = new PKCS12SafeBag[chain.length];
		for (int i = 0; i < chain.length; i++) {
			PKCS12SafeBagBuilder bag = new JcaPKCS12SafeBagBuilder(chain[i]);
			if (i == 0) {
				bag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);
			}
			certificates[i] = bag.build();
		}
		PKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(key,
				new BcPKCS12PBEOutputEncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC,
						CBCBlockCipher.newInstance(new DESedeEngine()))
					.build(NO_PASSWORD));
		keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);
		PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
		pfx.addEncryptedData(new BcPKCS12PBEOutputEncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd40BitRC2_CBC,
				CBCBlockCipher.newInstance(new RC2Engine()))
			.build(NO_PASSWORD), certificates);
		pfx.addData(keyBag.build());
		return pfx.build(new BcPKCS12MacCalculatorBuilder(), NO_PASSWORD).getEncoded(ASN1Encoding.DER);
	}

	/**
	 * {@code key} as a PKCS#8 EncryptedPrivateKeyInfo under the password {@code secret}.
	 */
	public static byte[] encrypted(PrivateKey key) throws Exception {
		return new PKCS8EncryptedPrivateKeyInfoBuilder(PrivateKeyInfo.getInstance(key.getEncoded()))
			.build(new BcPKCS12PBEOutputEncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC,
					CBCBlockCipher.newInstance(new DESedeEngine()))
				.build("secret".toCharArray()))
			.getEncoded();
	}

	public static String pem(String type, byte[] der) {
		return new String(PemBlocks.encode(type, der), StandardCharsets.US_ASCII);
	}

	public static String base64(byte[] bytes) {
		return Base64.getMimeEncoder().encodeToString(bytes);
	}

	/**
	 * The private key {@code der} as the codec writes {@code tls.key}: the Go driver's
	 * form, which {@code TlsPrivateKeyTests} pins.
	 */
	public static String tlsKey(byte[] der) {
		return new String(TlsPrivateKey.of(der).pem(), StandardCharsets.US_ASCII);
	}

	/**
	 * The content of the PEM block at {@code index} in {@code pem}.
	 */
	public static byte[] pemBlock(String pem, int index) {
		return PemBlocks.decode(pem.getBytes(StandardCharsets.US_ASCII)).get(index).der();
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
