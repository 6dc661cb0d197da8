package dev.secretsstore.driver.kubernetes.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import dev.secretsstore.driver.kubernetes.sync.tls.TlsParts;
import dev.secretsstore.driver.model.SecretProviderClass.SecretObject;
import dev.secretsstore.driver.model.SecretProviderClass.SecretObjectData;

/**
 * Builds the {@link DesiredSecret} of one {@code secretObject} from the volume's mounted
 * files, with the Go driver's validation ({@code ValidateSecretObject},
 * {@code GetSecretData}).
 */
final class SecretContents {

	static final String OPAQUE = "Opaque";

	static final String TLS = TlsParts.SECRET_TYPE;

	static final String TLS_KEY = "tls.key";

	static final String TLS_CERT = "tls.crt";

	private SecretContents() {
	}

	/**
	 * The Secret {@code secretObject} describes.
	 * @param files relative path to absolute path of every mounted file
	 * @throws InvalidSecretObjectException when the object is incomplete or a file is
	 * missing or unusable; the message names the object, never its content
	 */
	static DesiredSecret of(SecretObject secretObject, String namespace, Map<String, Path> files) {
		String name = trim(secretObject.secretName());
		if (name.isEmpty()) {
			throw new InvalidSecretObjectException("a secretObject has no secretName");
		}
		if (secretObject.data().isEmpty()) {
			throw new InvalidSecretObjectException("secretObject " + name + " has no data");
		}
		String type = trim(secretObject.type()).isEmpty() ? OPAQUE : trim(secretObject.type());
		Map<String, byte[]> data = new TreeMap<>();
		Map<String, String> objectNames = new TreeMap<>();
		for (SecretObjectData entry : secretObject.data()) {
			String objectName = trim(entry.objectName());
			String key = trim(entry.key());
			if (objectName.isEmpty() || key.isEmpty()) {
				throw new InvalidSecretObjectException("secretObject " + name + " has a data entry without "
						+ (objectName.isEmpty() ? "objectName" : "key"));
			}
			Path file = files.get(objectName);
			if (file == null) {
				throw new InvalidSecretObjectException(
						"secretObject " + name + ": object " + objectName + " is not among the mounted files");
			}
			data.put(key, value(name, type, objectName, key, read(name, objectName, file)));
			objectNames.put(key, objectName);
		}
		if (TLS.equals(type) && data.containsKey(TLS_KEY) && data.containsKey(TLS_CERT)
				&& !TlsParts.keyMatchesACertificate(data.get(TLS_KEY), data.get(TLS_CERT))) {
			// the Go driver writes such a pair; every TLS server that loads it would then
			// fail
			throw new InvalidSecretObjectException("secretObject " + name + ": the private key for " + TLS_KEY
					+ " (object " + objectNames.get(TLS_KEY) + ") matches none of the certificates for " + TLS_CERT
					+ " (object " + objectNames.get(TLS_CERT) + ")");
		}
		Map<String, String> labels = new TreeMap<>(secretObject.labels());
		labels.put(DesiredSecret.MANAGED_LABEL, "true");
		return new DesiredSecret(namespace, name, type, new TreeMap<>(labels),
				new TreeMap<>(secretObject.annotations()), new TreeMap<>(data));
	}

	private static byte[] value(String name, String type, String objectName, String key, byte[] contents) {
		if (!TLS.equals(type)) {
			return contents;
		}
		try {
			return switch (key) {
				case TLS_KEY -> TlsParts.privateKey(contents);
				case TLS_CERT -> TlsParts.certificates(contents);
				default -> throw new InvalidSecretObjectException("secretObject " + name + " of type " + TLS
						+ " has key " + key + "; only " + TLS_KEY + " and " + TLS_CERT + " are allowed");
			};
		}
		catch (IllegalArgumentException ex) {
			if (ex instanceof InvalidSecretObjectException) {
				throw ex;
			}
			throw new InvalidSecretObjectException(
					"secretObject " + name + ": object " + objectName + " for " + key + ": " + ex.getMessage());
		}
	}

	private static byte[] read(String name, String objectName, Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new InvalidSecretObjectException(
					"secretObject " + name + ": cannot read object " + objectName + ": " + ex.getMessage());
		}
	}

	private static String trim(String value) {
		return (value != null) ? value.strip() : "";
	}

	/**
	 * A {@code secretObject} that cannot be turned into a Secret now; the other objects
	 * still sync.
	 */
	static final class InvalidSecretObjectException extends IllegalArgumentException {

		InvalidSecretObjectException(String message) {
			super(message);
		}

	}

}
