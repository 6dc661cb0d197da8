package dev.secretsstore.driver.kubernetes.sync.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/**
 * A few DER encoders, written from X.690 without BouncyCastle, so that tests can state
 * the exact bytes Go's {@code encoding/asn1} writes for a key independently of the code
 * under test.
 */
final class Der {

	/** {@code 1.2.840.10045.3.1.7}, P-256, with its tag and length. */
	static final byte[] P256 = { 0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07 };

	/** {@code 1.3.132.0.34}, P-384, with its tag and length. */
	static final byte[] P384 = { 0x06, 0x05, 0x2B, (byte) 0x81, 0x04, 0x00, 0x22 };

	/** {@code 1.3.132.0.10}, secp256k1, which Go's crypto/x509 does not know. */
	static final byte[] SECP256K1 = { 0x06, 0x05, 0x2B, (byte) 0x81, 0x04, 0x00, 0x0A };

	private Der() {
	}

	static byte[] sequence(byte[]... items) {
		return tlv(0x30, concat(items));
	}

	static byte[] integer(BigInteger value) {
		// two's complement, minimal: what DER asks for
		return tlv(0x02, value.toByteArray());
	}

	static byte[] integer(long value) {
		return integer(BigInteger.valueOf(value));
	}

	static byte[] octetString(byte[] value) {
		return tlv(0x04, value);
	}

	/** A BIT STRING of whole bytes (no unused bits). */
	static byte[] bitString(byte[] value) {
		return tlv(0x03, concat(new byte[] { 0 }, value));
	}

	/** {@code [tag] EXPLICIT}. */
	static byte[] explicit(int tag, byte[] value) {
		return tlv(0xA0 | tag, value);
	}

	/** {@code value} as an unsigned big-endian number of exactly {@code length} bytes. */
	static byte[] unsigned(BigInteger value, int length) {
		byte[] bytes = value.toByteArray();
		byte[] fixed = new byte[length];
		int copied = Math.min(bytes.length, length);
		System.arraycopy(bytes, bytes.length - copied, fixed, length - copied, copied);
		return fixed;
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	private static byte[] tlv(int tag, byte[] value) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(tag);
		int length = value.length;
		if (length < 0x80) {
			out.write(length);
		}
		else {
			byte[] bytes = BigInteger.valueOf(length).toByteArray();
			int start = (bytes[0] == 0) ? 1 : 0;
			out.write(0x80 | (bytes.length - start));
			out.write(bytes, start, bytes.length - start);
		}
		out.writeBytes(value);
		return out.toByteArray();
	}

}
