package dev.secretsstore.driver.kubernetes.sync.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * The private key of a {@code kubernetes.io/tls} Secret, re-encoded as the Go driver
 * writes {@code tls.key} ({@code GetCertPart}): an RSA key as PKCS#1
 * {@code RSA PRIVATE KEY}, an EC key as SEC1 {@code EC PRIVATE KEY} with its named curve
 * and public key ({@code x509.MarshalECPrivateKey}), whether it came as PKCS#1, PKCS#8 or
 * SEC1. Like Go's {@code crypto/x509}, only RSA keys and EC keys on P-224, P-256, P-384
 * and P-521 are taken. No message and no {@link #toString()} shows the key.
 */
final class TlsPrivateKey {

	private static final String RSA_TYPE = "RSA PRIVATE KEY";

	private static final String EC_TYPE = "EC PRIVATE KEY";

	private static final Map<ASN1ObjectIdentifier, String> CURVES = Map.of(SECObjectIdentifiers.secp224r1, "P-224",
			SECObjectIdentifiers.secp256r1, "P-256", SECObjectIdentifiers.secp384r1, "P-384",
			SECObjectIdentifiers.secp521r1, "P-521");

	private static final Map<ASN1ObjectIdentifier, String> OTHER_ALGORITHMS = Map.of(EdECObjectIdentifiers.id_Ed25519,
			"Ed25519", EdECObjectIdentifiers.id_Ed448, "Ed448", EdECObjectIdentifiers.id_X25519, "X25519",
			EdECObjectIdentifiers.id_X448, "X448", X9ObjectIdentifiers.id_dsa, "DSA",
			PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS");

	private static final int PKCS1_FIELDS = 9;

	private final String type;

	private final byte[] der;

	private final AsymmetricKeyParameter publicKey;

	private TlsPrivateKey(String type, byte[] der, AsymmetricKeyParameter publicKey) {
		this.type = type;
		this.der = der;
		this.publicKey = publicKey;
	}

	/**
	 * Reads a PKCS#1, PKCS#8 or SEC1 private key; like Go, it tells them apart by their
	 * structure, not by the PEM label.
	 * @param der the key, DER-encoded
	 * @throws IllegalArgumentException when it is none of them, encrypted, not RSA or EC,
	 * on another curve, or inconsistent
	 */
	static TlsPrivateKey of(byte[] der) {
		ASN1Sequence key = parse("DER", () -> ASN1Sequence.getInstance(der));
		ASN1Encodable first = (key.size() > 0) ? key.getObjectAt(0) : null;
		ASN1Encodable second = (key.size() > 1) ? key.getObjectAt(1) : null;
		if (first instanceof ASN1Sequence && second instanceof ASN1OctetString) {
			throw new IllegalArgumentException("the private key is encrypted (PKCS#8 EncryptedPrivateKeyInfo); "
					+ "only unencrypted keys can be synced");
		}
		if (second instanceof ASN1Sequence) {
			return pkcs8(parse("PKCS#8", () -> PrivateKeyInfo.getInstance(key)));
		}
		if (second instanceof ASN1OctetString) {
			return ec(parse("SEC1", () -> ECPrivateKey.getInstance(key)), null);
		}
		if (key.size() >= PKCS1_FIELDS) {
			return rsa(parse("PKCS#1", () -> RSAPrivateKey.getInstance(key)));
		}
		throw new IllegalArgumentException("the private key is not an RSA or EC key in PKCS#1, PKCS#8 or SEC1 form");
	}

	/**
	 * The key as one PEM block, as the Go driver writes {@code tls.key}.
	 */
	byte[] pem() {
		return PemBlocks.encode(this.type, this.der);
	}

	/**
	 * Whether {@code certificateKey}, the public key of a certificate, belongs to this
	 * private key.
	 */
	boolean matches(SubjectPublicKeyInfo certificateKey) {
		AsymmetricKeyParameter other;
		try {
			other = PublicKeyFactory.createKey(certificateKey);
		}
		catch (IOException | RuntimeException ex) {
			// a key type BouncyCastle does not know cannot be ours
			return false;
		}
		if (this.publicKey instanceof RSAKeyParameters rsa && other instanceof RSAKeyParameters otherRsa) {
			return rsa.getModulus().equals(otherRsa.getModulus()) && rsa.getExponent().equals(otherRsa.getExponent());
		}
		if (this.publicKey instanceof ECPublicKeyParameters ec && other instanceof ECPublicKeyParameters otherEc) {
			return ec.getQ().equals(otherEc.getQ());
		}
		return false;
	}

	@Override
	public String toString() {
		return this.type;
	}

	private static TlsPrivateKey pkcs8(PrivateKeyInfo info) {
		AlgorithmIdentifier algorithm = info.getPrivateKeyAlgorithm();
		ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
		if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
			return rsa(parse("PKCS#8 RSA", () -> RSAPrivateKey.getInstance(info.parsePrivateKey())));
		}
		if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
			// as in Go, a curve named in the PKCS#8 algorithm wins over one inside the
			// SEC1 structure
			ASN1ObjectIdentifier curve = (algorithm.getParameters() instanceof ASN1ObjectIdentifier named) ? named
					: null;
			return ec(parse("PKCS#8 EC", () -> ECPrivateKey.getInstance(info.parsePrivateKey())), curve);
		}
		throw new IllegalArgumentException("the private key is " + OTHER_ALGORITHMS.getOrDefault(oid, oid.getId())
				+ "; only RSA and EC keys are supported, as in the Go driver");
	}

	private static TlsPrivateKey rsa(RSAPrivateKey key) {
		if (key.getVersion().signum() != 0) {
			throw new IllegalArgumentException("the private key is a multi-prime RSA key, which is not supported");
		}
		if (!consistent(key)) {
			throw new IllegalArgumentException(
					"the RSA private key is inconsistent (its primes or CRT values are wrong)");
		}
		// version 0 and exactly the eight numbers: x509.MarshalPKCS1PrivateKey
		RSAPrivateKey pkcs1 = new RSAPrivateKey(key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(),
				key.getPrime1(), key.getPrime2(), key.getExponent1(), key.getExponent2(), key.getCoefficient());
		return new TlsPrivateKey(RSA_TYPE, encode(pkcs1),
				new RSAKeyParameters(false, key.getModulus(), key.getPublicExponent()));
	}

	// Go (1.24 and later) refuses such keys too; a wrong CRT value would leak the key
	// through its first signature
	private static boolean consistent(RSAPrivateKey key) {
		BigInteger p = key.getPrime1();
		BigInteger q = key.getPrime2();
		if (p.compareTo(BigInteger.TWO) < 0 || q.compareTo(BigInteger.TWO) < 0) {
			return false;
		}
		BigInteger e = key.getPublicExponent();
		BigInteger pMinus1 = p.subtract(BigInteger.ONE);
		BigInteger qMinus1 = q.subtract(BigInteger.ONE);
		BigInteger d = key.getPrivateExponent();
		return key.getModulus().equals(p.multiply(q)) && key.getExponent1().equals(d.mod(pMinus1))
				&& key.getExponent2().equals(d.mod(qMinus1))
				&& e.multiply(key.getExponent1()).mod(pMinus1).equals(BigInteger.ONE)
				&& e.multiply(key.getExponent2()).mod(qMinus1).equals(BigInteger.ONE)
				&& key.getCoefficient().multiply(q).mod(p).equals(BigInteger.ONE);
	}

	private static TlsPrivateKey ec(ECPrivateKey key, ASN1ObjectIdentifier pkcs8Curve) {
		ASN1ObjectIdentifier curve = (pkcs8Curve != null) ? pkcs8Curve
				: parse("SEC1", () -> (key.getParametersObject() instanceof ASN1ObjectIdentifier named) ? named : null);
		if (curve == null) {
			throw new IllegalArgumentException("the EC private key names no curve (explicit curve parameters are "
					+ "not supported, as in the Go driver)");
		}
		String name = CURVES.get(curve);
		if (name == null) {
			String other = ECNamedCurveTable.getName(curve);
			throw new IllegalArgumentException("the EC private key is on curve " + ((other != null) ? other : curve)
					+ "; only P-224, P-256, P-384 and P-521 are supported, as in the Go driver");
		}
		X9ECParameters parameters = CustomNamedCurves.getByOID(curve);
		BigInteger d = parse("SEC1", key::getKey);
		if (d.signum() <= 0 || d.compareTo(parameters.getN()) >= 0) {
			throw new IllegalArgumentException("the EC private key is out of range for " + name);
		}
		// Go ignores a public key stored with the private one and derives it: so do we
		ECPoint q = new FixedPointCombMultiplier().multiply(parameters.getG(), d).normalize();
		ECPrivateKey sec1 = new ECPrivateKey(parameters.getN().bitLength(), d, new DERBitString(q.getEncoded(false)),
				curve);
		return new TlsPrivateKey(EC_TYPE, encode(sec1),
				new ECPublicKeyParameters(q, new ECNamedDomainParameters(curve, parameters)));
	}

	private static byte[] encode(ASN1Encodable value) {
		try {
			return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
		}
		catch (IOException ex) {
			throw new IllegalStateException("DER encoding in memory cannot fail", ex);
		}
	}

	private static <T> T parse(String form, Parser<T> parser) {
		try {
			return parser.parse();
		}
		catch (IOException | RuntimeException ex) {
			// BouncyCastle's getInstance methods throw IllegalArgumentException,
			// ClassCastException and the like on
			// malformed input; their messages may quote it, so they are not passed on
			throw new IllegalArgumentException("the private key is not valid " + form);
		}
	}

	@FunctionalInterface
	private interface Parser<T> {

		T parse() throws IOException;

	}

}
