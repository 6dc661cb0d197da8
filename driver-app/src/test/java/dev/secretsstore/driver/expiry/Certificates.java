package dev.secretsstore.driver.expiry;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Real certificates made fresh by the tests, with a chosen NotAfter (whole seconds, as
 * X.509 keeps it): EC P-256 keys from the JDK, structures from BouncyCastle (never
 * registered as a provider), PFX files from the JDK's PKCS12 key store.
 */
final class Certificates {

	private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

	private Certificates() {
	}

	static KeyPair keys() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	/**
	 * A certificate for {@code name}, valid from a day before {@code notAfter} (or before
	 * now, if earlier), signed by {@code issuerKeys} in the name of {@code issuer}.
	 */
	static X509Certificate certificate(String name, KeyPair keys, Instant notAfter, String issuer, KeyPair issuerKeys,
			boolean ca) throws Exception {
		Instant dayBefore = notAfter.minus(Duration.ofDays(1));
		Instant notBefore = dayBefore.isBefore(Instant.now()) ? dayBefore : Instant.now().minus(Duration.ofHours(1));
		return new JcaX509CertificateConverter()
			.getCertificate(new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer),
					BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
					new X500Name("CN=" + name), keys.getPublic())
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
				.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
	}

	static X509Certificate selfSigned(String name, KeyPair keys, Instant notAfter) throws Exception {
		return certificate(name, keys, notAfter, name, keys, true);
	}

	/**
	 * {@code notAfter} in whole seconds, as a certificate keeps it.
	 */
	static Instant seconds(Instant notAfter) {
		return notAfter.truncatedTo(ChronoUnit.SECONDS);
	}

	static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	static String pem(X509Certificate... chain) throws Exception {
		StringBuilder pem = new StringBuilder();
		for (X509Certificate certificate : chain) {
			pem.append(pem("CERTIFICATE", certificate.getEncoded()));
		}
		return pem.toString();
	}

	/**
	 * A PFX written by the JDK's PKCS12 key store, with one private key entry.
	 */
	static byte[] pfx(KeyPair keys, char[] password, X509Certificate... chain) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("tls", keys.getPrivate(), password, chain);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		store.store(out, password);
		return out.toByteArray();
	}

	static byte[] pfx(KeyPair keys, X509Certificate... chain) throws Exception {
		return pfx(keys, new char[0], chain);
	}

	/**
	 * A PFX as the Azure provider writes it with {@code objectEncoding: base64}: Go's
	 * standard encoding, one line.
	 */
	static String base64(byte[] pfx) {
		return Base64.getEncoder().encodeToString(pfx);
	}

}
