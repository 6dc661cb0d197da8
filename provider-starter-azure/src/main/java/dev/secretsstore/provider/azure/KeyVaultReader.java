package dev.secretsstore.provider.azure;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import com.azure.security.keyvault.certificates.models.KeyVaultCertificate;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;

/**
 * Fetches one object from Key Vault and turns it into file contents as the Go provider
 * does.
 */
final class KeyVaultReader {

	private static final String PFX = "application/x-pkcs12";

	private KeyVaultReader() {
	}

	/**
	 * The object's contents and Key Vault version.
	 * @throws RuntimeException from the Azure SDK, for {@link AzureErrors} to classify
	 * @throws ProviderException when the object cannot be written as asked
	 */
	static Fetched fetch(VaultClients clients, AzureObject object) throws ProviderException {
		return switch (object.objectType()) {
			case SECRET -> secret(clients, object);
			case KEY -> key(clients, object);
			case CERT -> certificate(clients, object);
		};
	}

	private static Fetched secret(VaultClients clients, AzureObject object) throws ProviderException {
		KeyVaultSecret secret = clients.secrets().getSecret(object.objectName(), object.objectVersion());
		String value = (secret.getValue() != null) ? secret.getValue() : "";
		boolean certificateBacked = secret.getProperties().getKeyId() != null;
		if (certificateBacked && object.objectFormat() == AzureObject.Format.PEM
				&& PFX.equalsIgnoreCase(secret.getProperties().getContentType())) {
			try {
				value = Pem.fromPfx(Base64.getMimeDecoder().decode(value));
			}
			catch (IllegalArgumentException ex) {
				throw new ProviderException(Reason.FAILED, "InvalidCertificate",
						object.describe() + " holds a certificate that " + ex.getMessage());
			}
		}
		return new Fetched(decode(value, object), secret.getProperties().getVersion());
	}

	private static byte[] decode(String value, AzureObject object) throws ProviderException {
		try {
			return switch (object.objectEncoding()) {
				case UTF_8 -> value.getBytes(StandardCharsets.UTF_8);
				case BASE64 -> Base64.getDecoder().decode(value.strip());
				case HEX -> HexFormat.of().parseHex(value.strip());
			};
		}
		catch (IllegalArgumentException ex) {
			throw new ProviderException(Reason.INVALID_PARAMETERS, AzureParameters.INVALID,
					object.describe() + " is not " + object.objectEncoding().name().toLowerCase().replace('_', '-')
							+ " as its " + "objectEncoding says");
		}
	}

	private static Fetched key(VaultClients clients, AzureObject object) throws ProviderException {
		KeyVaultKey key = clients.keys().getKey(object.objectName(), object.objectVersion());
		JsonWebKey jwk = key.getKey();
		KeyType type = jwk.getKeyType();
		byte[] der;
		if (KeyType.RSA.equals(type) || KeyType.RSA_HSM.equals(type)) {
			der = jwk.toRsa(false).getPublic().getEncoded();
		}
		else if (KeyType.EC.equals(type) || KeyType.EC_HSM.equals(type)) {
			der = jwk.toEc(false).getPublic().getEncoded();
		}
		else {
			throw new ProviderException(Reason.FAILED, "UnsupportedKeyType",
					object.describe() + " has key type " + type + ", which has no public key to write");
		}
		return new Fetched(Pem.block("PUBLIC KEY", der).getBytes(StandardCharsets.US_ASCII),
				key.getProperties().getVersion());
	}

	private static Fetched certificate(VaultClients clients, AzureObject object) {
		KeyVaultCertificate certificate = object.objectVersion().isEmpty()
				? clients.certificates().getCertificate(object.objectName())
				: clients.certificates().getCertificateVersion(object.objectName(), object.objectVersion());
		return new Fetched(Pem.block("CERTIFICATE", certificate.getCer()).getBytes(StandardCharsets.US_ASCII),
				certificate.getProperties().getVersion());
	}

	/**
	 * What one object holds and its Key Vault version.
	 */
	record Fetched(byte[] contents, String version) {

		@Override
		public String toString() {
			return "Fetched[version=" + this.version + ", size=" + this.contents.length + "]";
		}

	}

}
