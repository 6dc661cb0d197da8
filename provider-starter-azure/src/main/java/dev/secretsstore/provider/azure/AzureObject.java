package dev.secretsstore.provider.azure;

import java.util.Locale;

/**
 * One entry of the {@code objects} parameter: which Key Vault object to fetch and how to
 * write it.
 *
 * @param objectName the object's name in the vault
 * @param objectType what the name refers to
 * @param objectVersion the version to fetch; empty for the current one
 * @param objectAlias the file name; empty to use the object name
 * @param objectEncoding how a secret's value is encoded; it is decoded before it is
 * written
 * @param objectFormat how a certificate-backed secret is written
 * @param filePermission the file's mode, or 0 for the request's default
 */
record AzureObject(String objectName, Type objectType, String objectVersion, String objectAlias,
		Encoding objectEncoding, Format objectFormat, int filePermission) {

	/**
	 * The file this object is written to.
	 */
	String fileName() {
		return this.objectAlias.isEmpty() ? this.objectName : this.objectAlias;
	}

	/**
	 * The object version id the Go provider reports: {@code <objectType>/<objectName>}.
	 */
	String versionId() {
		return this.objectType.value + "/" + this.objectName;
	}

	/**
	 * Names the object for messages.
	 */
	String describe() {
		return this.objectType.value + " '" + this.objectName + "'"
				+ (this.objectVersion.isEmpty() ? "" : " version '" + this.objectVersion + "'");
	}

	/** The {@code objectType} values. */
	enum Type {

		SECRET("secret"), KEY("key"), CERT("cert");

		final String value;

		Type(String value) {
			this.value = value;
		}

		static Type of(String value) {
			for (Type type : values()) {
				if (type.value.equalsIgnoreCase(value)) {
					return type;
				}
			}
			throw new IllegalArgumentException("objectType '" + value + "' is not one of secret, key, cert");
		}

	}

	/** The {@code objectEncoding} values; only secrets may set one. */
	enum Encoding {

		UTF_8, HEX, BASE64;

		static Encoding of(String value) {
			return switch (value.toLowerCase(Locale.ROOT)) {
				case "", "utf-8" -> UTF_8;
				case "hex" -> HEX;
				case "base64" -> BASE64;
				default -> throw new IllegalArgumentException(
						"objectEncoding '" + value + "' is not one of utf-8, hex, base64");
			};
		}

	}

	/** The {@code objectFormat} values; only secrets may ask for {@code pfx}. */
	enum Format {

		PEM, PFX;

		static Format of(String value) {
			return switch (value.toLowerCase(Locale.ROOT)) {
				case "", "pem" -> PEM;
				case "pfx" -> PFX;
				default -> throw new IllegalArgumentException("objectFormat '" + value + "' is not one of pem, pfx");
			};
		}

	}

}
