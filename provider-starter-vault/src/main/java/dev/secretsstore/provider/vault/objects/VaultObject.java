package dev.secretsstore.provider.vault.objects;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.secretsstore.provider.vault.client.VaultRequest;

/**
 * One entry of the {@code objects} parameter: which Vault call to make and which part of
 * its answer becomes the file named {@code objectName}.
 *
 * @param objectName the file name, unique within the SecretProviderClass; also the object
 * version id
 * @param secretPath the API path as written, with or without {@code v1/}, possibly with a
 * query string
 * @param secretKey the key to take from {@code data} ({@code data.data} for KV v2); empty
 * to write the whole answer
 * @param method the HTTP method as written; empty means {@code GET}
 * @param secretArgs the JSON body to send, or {@code null} for none
 * @param filePermission the file mode, or 0 for the mount's default
 * @param encoding how the value of {@code secretKey} is decoded before it is written
 * @param encodingAsWritten {@code encoding} as the class spells it ({@code BASE64}),
 * which the version hashes as the Go provider does
 */
public record VaultObject(String objectName, String secretPath, String secretKey, String method,
		Map<String, Object> secretArgs, int filePermission, Encoding encoding, String encodingAsWritten) {

	public VaultObject {
		secretArgs = (secretArgs != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(secretArgs)) : null;
	}

	/**
	 * The Vault call this object needs.
	 * @throws IllegalArgumentException when the path or method cannot make one
	 */
	public VaultRequest request() {
		return VaultRequest.of(this.secretPath, this.method, this.secretArgs);
	}

	/**
	 * Names the object and its path, never its arguments.
	 */
	@Override
	public String toString() {
		return "VaultObject[objectName=" + this.objectName + ", secretPath=" + this.secretPath + ", secretKey="
				+ this.secretKey + ", method=" + this.method + ", secretArgs="
				+ ((this.secretArgs != null) ? this.secretArgs.keySet() : "none") + ", filePermission="
				+ ((this.filePermission != 0) ? "0" + Integer.toOctalString(this.filePermission) : "default")
				+ ", encoding=" + this.encoding + "]";
	}

	/**
	 * The {@code encoding} values the Go provider knows, matched without regard to case.
	 */
	public enum Encoding {

		/** The value is written as it is. */
		UTF_8("utf-8"),

		/** The value is standard base64 and is written decoded. */
		BASE64("base64"),

		/** The value is hexadecimal and is written decoded. */
		HEX("hex");

		private final String text;

		Encoding(String text) {
			this.text = text;
		}

		/**
		 * The encoding named {@code text}; empty means {@link #UTF_8}.
		 * @throws IllegalArgumentException for any other name
		 */
		public static Encoding parse(String text) {
			if (text.isEmpty()) {
				return UTF_8;
			}
			for (Encoding encoding : values()) {
				if (encoding.text.equals(text.toLowerCase(Locale.ROOT))) {
					return encoding;
				}
			}
			throw new IllegalArgumentException("is '" + text + "'; it must be utf-8, base64 or hex");
		}

		/**
		 * Decodes {@code value}.
		 * @throws IllegalArgumentException when it is not in this encoding; the message
		 * quotes nothing of it
		 */
		byte[] decode(byte[] value) {
			String text = new String(value, StandardCharsets.UTF_8);
			try {
				return switch (this) {
					case UTF_8 -> value;
					// Go's decoder skips line breaks too
					case BASE64 -> Base64.getDecoder().decode(text.replace("\r", "").replace("\n", ""));
					case HEX -> HexFormat.of().parseHex(text);
				};
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("is not valid " + this.text);
			}
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

}
