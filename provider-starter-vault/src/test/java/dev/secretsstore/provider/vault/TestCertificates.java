package dev.secretsstore.provider.vault;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway CA made fresh by a test, and server certificates for names the checked-in
 * TLS material does not carry (BouncyCastle builds the certificates; it is never
 * registered as a provider).
 */
public final class TestCertificates {

	/** The password of every key store written here. */
	public static final String PASSWORD = "changeit";

	private static final AtomicLong serial = new AtomicLong(System.currentTimeMillis());

	private final KeyPair keys;

	private final X509Certificate certificate;

	private TestCertificates(KeyPair keys, X509Certificate certificate) {
		this.keys = keys;
		this.certificate = certificate;
	}

	/**
	 * A new self-signed CA.
	 */
	public static TestCertificates ca(String name) throws GeneralSecurityException {
		KeyPair keys = keyPair();
		return new TestCertificates(keys, sign(name, keys, name, keys, true, new String[0]));
	}

	/**
	 * Writes the CA certificate as a PEM file, as {@code vaultCACertPath} takes it.
	 */
	public Path writePem(Path file) throws IOException, GeneralSecurityException {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(this.certificate.getEncoded());
		return Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n");
	}

	/**
	 * Issues a server certificate and writes it, its key and this CA into a PKCS12 key
	 * store under {@link #PASSWORD}.
	 * @param commonName the subject's CN, which name checks must ignore
	 * @param subjectAltNames OpenSSL-style {@code DNS:name} or {@code IP:address}
	 * entries, or none
	 */
	public Path writeServerKeyStore(Path file, String commonName, String... subjectAltNames)
			throws IOException, GeneralSecurityException {
		KeyPair serverKeys = keyPair();
		X509Certificate server = issue(commonName, serverKeys, subjectAltNames);
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("server", serverKeys.getPrivate(), PASSWORD.toCharArray(),
				new Certificate[] { server, this.certificate });
		try (OutputStream out = Files.newOutputStream(file)) {
			store.store(out, PASSWORD.toCharArray());
		}
		return file;
	}

	/**
	 * Issues a server certificate, for checks that need no key.
	 * @param commonName the subject's CN
	 * @param subjectAltNames OpenSSL-style {@code DNS:name} or {@code IP:address}
	 * entries, or none
	 */
	public X509Certificate certificate(String commonName, String... subjectAltNames) throws GeneralSecurityException {
		return issue(commonName, keyPair(), subjectAltNames);
	}

	private X509Certificate issue(String commonName, KeyPair serverKeys, String... subjectAltNames)
			throws GeneralSecurityException {
		String issuerName = this.certificate.getSubjectX500Principal().getName().substring("CN=".length());
		return sign(commonName, serverKeys, issuerName, this.keys, false, subjectAltNames);
	}

	private static KeyPair keyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private static X509Certificate sign(String name, KeyPair keys, String issuerName, KeyPair issuerKeys, boolean ca,
			String[] subjectAltNames) throws GeneralSecurityException {
		Instant now = Instant.now();
		try {
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuerName),
					BigInteger.valueOf(serial.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=" + name), keys.getPublic())
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
			if (subjectAltNames.length > 0) {
				GeneralName[] names = new GeneralName[subjectAltNames.length];
				for (int i = 0; i < names.length; i++) {
					names[i] = generalName(subjectAltNames[i]);
				}
				builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
			}
			return new JcaX509CertificateConverter().getCertificate(
					builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
		}
		catch (IOException | OperatorCreationException ex) {
			throw new GeneralSecurityException(ex);
		}
	}

	private static GeneralName generalName(String entry) {
		if (entry.startsWith("DNS:")) {
			return new GeneralName(GeneralName.dNSName, entry.substring("DNS:".length()));
		}
		if (entry.startsWith("IP:")) {
			return new GeneralName(GeneralName.iPAddress, entry.substring("IP:".length()));
		}
		throw new IllegalArgumentException("not DNS:name or IP:address: " + entry);
	}

}
