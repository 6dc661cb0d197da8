package dev.secretsstore.driver.expiry;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells whether a file's content is a certificate and, if so, when its leaf expires: a
 * PEM file with a {@code CERTIFICATE} block (the first block's, which is the leaf in a
 * chain, also after a private key as the Azure provider writes
 * {@code objectFormat: pem}), a PFX (PKCS#12) file that opens with the empty password
 * (the certificate of its private key entry, else its first certificate), or such a PFX
 * in base64, as the Azure provider writes {@code objectFormat: pfx} with
 * {@code objectEncoding: base64}. Anything else, a PFX that needs a password too, is not
 * a certificate. Only the JDK reads them (CertificateFactory, KeyStore); nothing read is
 * kept but the date.
 */
final class CertificateReader {

	private static final Pattern PEM_CERTIFICATE = Pattern
		.compile("-----BEGIN CERTIFICATE-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END CERTIFICATE-----");

	private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]+");

	private static final char[] NO_PASSWORD = new char[0];

	// DER starts with a SEQUENCE: a cheap test that spares the key store most files that
	// cannot be a PFX
	private static final byte SEQUENCE = 0x30;

	private CertificateReader() {
	}

	/**
	 * The NotAfter of the leaf certificate in {@code content}, or empty when it holds
	 * none that can be read.
	 */
	static Optional<Instant> notAfter(byte[] content) {
		if (content.length == 0) {
			return Optional.empty();
		}
		CharSequence text = new Latin1(content, 0, content.length);
		Matcher pem = PEM_CERTIFICATE.matcher(text);
		if (pem.find()) {
			// a certificate is public: only its block becomes a String
			return x509(Base64.getMimeDecoder().decode(pem.group(1)));
		}
		if (content[0] == SEQUENCE) {
			return pfx(content);
		}
		if (BASE64.matcher(text).matches()) {
			byte[] decoded = decodeBase64(content);
			try {
				return (decoded.length > 0 && decoded[0] == SEQUENCE) ? pfx(decoded) : Optional.empty();
			}
			finally {
				Arrays.fill(decoded, (byte) 0);
			}
		}
		return Optional.empty();
	}

	private static Optional<Instant> x509(byte[] der) {
		try {
			Certificate certificate = CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(der));
			return notAfterOf(certificate);
		}
		catch (CertificateException | RuntimeException ex) {
			// a damaged block is not a certificate: the file is then no more than any
			// other secret
			return Optional.empty();
		}
	}

	private static Optional<Instant> pfx(byte[] der) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(new ByteArrayInputStream(der), NO_PASSWORD);
			Certificate first = null;
			for (String alias : Collections.list(store.aliases())) {
				// getCertificate reads an entry's certificate (its chain's first) without
				// decrypting its key
				Certificate certificate = store.getCertificate(alias);
				if (store.isKeyEntry(alias) && certificate != null) {
					return notAfterOf(certificate);
				}
				if (first == null) {
					first = certificate;
				}
			}
			return (first != null) ? notAfterOf(first) : Optional.empty();
		}
		catch (Exception ex) {
			// not a PFX, or one behind a password: the JDK's DER parser also throws
			// unchecked exceptions on garbage
			return Optional.empty();
		}
	}

	private static Optional<Instant> notAfterOf(Certificate certificate) {
		return (certificate instanceof X509Certificate x509) ? Optional.of(x509.getNotAfter().toInstant())
				: Optional.empty();
	}

	private static byte[] decodeBase64(byte[] text) {
		try {
			// the MIME decoder skips line breaks and blanks
			return Base64.getMimeDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			return new byte[0];
		}
	}

	/**
	 * Bytes seen as ISO-8859-1 characters without copying them into a String, which could
	 * not be wiped: the regular expressions run over the secret's own array, which the
	 * caller zeroes.
	 */
	private static final class Latin1 implements CharSequence {

		private final byte[] bytes;

		private final int start;

		private final int end;

		Latin1(byte[] bytes, int start, int end) {
			this.bytes = bytes;
			this.start = start;
			this.end = end;
		}

		@Override
		public int length() {
			return this.end - this.start;
		}

		@Override
		public char charAt(int index) {
			return (char) (this.bytes[this.start + index] & 0xFF);
		}

		@Override
		public CharSequence subSequence(int from, int to) {
			return new Latin1(this.bytes, this.start + from, this.start + to);
		}

		@Override
		public String toString() {
			return new String(this.bytes, this.start, length(), StandardCharsets.ISO_8859_1);
		}

	}

}
