package dev.secretsstore.driver.kubernetes.sync.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The private key and certificate chain of a PFX (PKCS#12) file without a password, as
 * Azure Key Vault keeps a certificate. Read with the JDK's {@code PKCS12} key store,
 * which, like Go's {@code pkcs12.ToPEM} that the Go driver uses, tries the empty password
 * with and without its terminating zero; unlike it, it also reads the PBES2/AES files
 * that OpenSSL 3 and Java write by default.
 *
 * @param privateKey the key, as PKCS#8 DER
 * @param chain the key's certificate chain as the key store builds it from the file, leaf
 * first, as DER
 */
record Pfx(byte[] privateKey, List<byte[]> chain) {

	private static final char[] NO_PASSWORD = new char[0];

	Pfx {
		chain = List.copyOf(chain);
	}

	/**
	 * Reads a PFX that holds exactly one private key.
	 * @throws IllegalArgumentException when {@code pfx} is not a PFX, needs a password,
	 * or does not hold exactly one private key with a certificate; the message quotes
	 * none of it
	 */
	static Pfx read(byte[] pfx) {
		KeyStore store = load(pfx);
		try {
			List<String> keys = new ArrayList<>();
			for (String alias : Collections.list(store.aliases())) {
				if (store.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
					keys.add(alias);
				}
			}
			if (keys.size() != 1) {
				throw new IllegalArgumentException("the PFX holds " + keys.size() + " private keys; a "
						+ TlsParts.SECRET_TYPE + " Secret takes exactly one");
			}
			Key key = store.getKey(keys.get(0), NO_PASSWORD);
			Certificate[] certificates = store.getCertificateChain(keys.get(0));
			if (certificates == null || certificates.length == 0) {
				throw new IllegalArgumentException("the PFX holds no certificate for its private key");
			}
			List<byte[]> chain = new ArrayList<>();
			for (Certificate certificate : certificates) {
				chain.add(certificate.getEncoded());
			}
			return new Pfx(key.getEncoded(), chain);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException(
					"the private key in the PFX cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private static KeyStore load(byte[] pfx) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(new ByteArrayInputStream(pfx), NO_PASSWORD);
			return store;
		}
		catch (IOException ex) {
			if (ex.getCause() instanceof UnrecoverableKeyException) {
				throw new IllegalArgumentException(
						"the PFX is protected by a password; only a PFX without password can be synced");
			}
			throw notPfx();
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			// the JDK's DER parser may throw unchecked exceptions on garbage
			throw notPfx();
		}
	}

	private static IllegalArgumentException notPfx() {
		return new IllegalArgumentException("it is neither PEM (no -----BEGIN block) nor a PFX (PKCS#12) file");
	}

	@Override
	public String toString() {
		return "PFX with a private key and " + this.chain.size() + " certificate(s)";
	}

}
