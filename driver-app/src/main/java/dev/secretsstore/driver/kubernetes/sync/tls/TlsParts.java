package dev.secretsstore.driver.kubernetes.sync.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.secretsstore.driver.kubernetes.sync.tls.PemBlocks.Block;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Splits a mounted object into the {@code tls.key} and {@code tls.crt} of a
 * {@code kubernetes.io/tls} Secret, as the Go driver's {@code GetCertPart} does. An
 * object with PEM blocks is PEM; any other is taken for a PFX (PKCS#12) file, in binary
 * or in base64. The one entry of this package: Secret sync calls it, the readers and
 * writers behind it stay inside.
 */
public final class TlsParts {

	/** The Secret type whose data this class makes. */
	public static final String SECRET_TYPE = "kubernetes.io/tls";

	private static final String CERTIFICATE = "CERTIFICATE";

	private TlsParts() {
	}

	/**
	 * The private key, re-encoded as {@link TlsPrivateKey} says, as one PEM block.
	 * @throws IllegalArgumentException when there is no usable key
	 */
	public static byte[] privateKey(byte[] content) {
		List<Block> blocks = PemBlocks.decode(content);
		if (blocks.isEmpty()) {
			return TlsPrivateKey.of(Pfx.read(pfx(content)).privateKey()).pem();
		}
		Block key = null;
		for (Block block : blocks) {
			// PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY, ENCRYPTED PRIVATE KEY...; as
			// in Go, the last one wins
			if (block.type().endsWith("PRIVATE KEY")) {
				key = block;
			}
		}
		if (key == null) {
			throw new IllegalArgumentException(
					"no private key PEM block (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY) found");
		}
		if (key.encrypted()) {
			throw new IllegalArgumentException(
					"the " + key.type() + " PEM block is encrypted; only unencrypted keys can be synced");
		}
		return TlsPrivateKey.of(key.der()).pem();
	}

	/**
	 * Every certificate, in order (for a PFX: the key's chain, leaf first), as
	 * {@code CERTIFICATE} PEM blocks.
	 * @throws IllegalArgumentException when there is none or one does not parse
	 */
	public static byte[] certificates(byte[] content) {
		List<Block> blocks = PemBlocks.decode(content);
		List<byte[]> chain = new ArrayList<>();
		if (blocks.isEmpty()) {
			chain.addAll(Pfx.read(pfx(content)).chain());
		}
		for (Block block : blocks) {
			if (CERTIFICATE.equals(block.type())) {
				// a broken chain in the Secret would only surface later, as a TLS
				// handshake failure in another pod
				x509(block.der());
				chain.add(block.der());
			}
		}
		if (chain.isEmpty()) {
			throw new IllegalArgumentException("no CERTIFICATE PEM block found");
		}
		ByteArrayOutputStream pem = new ByteArrayOutputStream();
		chain.forEach((der) -> pem.writeBytes(PemBlocks.encode(CERTIFICATE, der)));
		return pem.toByteArray();
	}

	/**
	 * Whether the private key of {@code keyPem} belongs to one of the certificates of
	 * {@code certificatesPem}, both as this class wrote them.
	 */
	public static boolean keyMatchesACertificate(byte[] keyPem, byte[] certificatesPem) {
		TlsPrivateKey key = TlsPrivateKey.of(PemBlocks.decode(keyPem).get(0).der());
		for (Block block : PemBlocks.decode(certificatesPem)) {
			byte[] publicKey = x509(block.der()).getPublicKey().getEncoded();
			if (key.matches(SubjectPublicKeyInfo.getInstance(publicKey))) {
				return true;
			}
		}
		return false;
	}

	private static X509Certificate x509(byte[] der) {
		try {
			return (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(der));
		}
		catch (CertificateException | RuntimeException ex) {
			throw new IllegalArgumentException("a CERTIFICATE PEM block does not parse: " + ex.getMessage());
		}
	}

	// objectFormat: pfx of the Azure provider is Key Vault's base64 unless
	// objectEncoding: base64 decodes it; the Go
	// driver takes only the decoded form
	private static byte[] pfx(byte[] content) {
		String text = new String(content, StandardCharsets.ISO_8859_1).replaceAll("\\s", "");
		try {
			return Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			return content;
		}
	}

}
