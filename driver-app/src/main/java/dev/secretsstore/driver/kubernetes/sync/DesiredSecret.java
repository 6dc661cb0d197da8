package dev.secretsstore.driver.kubernetes.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Secret as the SecretProviderClass and the mounted files say it should be;
 * {@link #toString()} never shows the data.
 *
 * @param namespace the pod's namespace
 * @param name the Secret's name
 * @param type the Secret's type
 * @param labels the declared labels plus {@value #MANAGED_LABEL}
 * @param annotations the declared annotations
 * @param data key to bytes
 */
record DesiredSecret(String namespace, String name, String type, SortedMap<String, String> labels,
		SortedMap<String, String> annotations, SortedMap<String, byte[]> data) {

	/** The label that marks a Secret the driver writes, as the Go driver sets it. */
	static final String MANAGED_LABEL = "secrets-store.csi.k8s.io/managed";

	DesiredSecret {
		labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
		annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
		data = Collections.unmodifiableSortedMap(new TreeMap<>(data));
	}

	/**
	 * {@code namespace/name}.
	 */
	String key() {
		return this.namespace + "/" + this.name;
	}

	/**
	 * The type, labels, annotations and data SHA, to compare with what the API server
	 * holds.
	 */
	SecretFingerprint fingerprint() {
		return new SecretFingerprint(this.type, this.labels, this.annotations, dataSha(this.data));
	}

	/**
	 * A SHA-256 of Secret data, length-prefixed so that no two different maps encode
	 * alike.
	 */
	static String dataSha(SortedMap<String, byte[]> data) {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
		digest.update(intBytes(data.size()));
		data.forEach((key, value) -> {
			update(digest, key.getBytes(StandardCharsets.UTF_8));
			update(digest, value);
		});
		return HexFormat.of().formatHex(digest.digest());
	}

	@Override
	public String toString() {
		return "Secret " + key() + " (" + this.type + ", keys " + this.data.keySet() + ")";
	}

	private static void update(MessageDigest digest, byte[] bytes) {
		digest.update(intBytes(bytes.length));
		digest.update(bytes);
	}

	private static byte[] intBytes(int value) {
		return new byte[] { (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value };
	}

}
