package dev.secretsstore.provider.vault;

import java.time.Duration;

import dev.secretsstore.provider.vault.objects.VaultParameters;
import dev.secretsstore.provider.vault.tls.VaultTls;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the in-process Vault provider: defaults for what a SecretProviderClass
 * leaves out, and how Vault is called. Nothing here is needed to start; the provider
 * calls Vault only when a volume asks for it.
 *
 * @param enabled whether the provider named {@code vault} is registered; turn it off to
 * use the Go provider's plugin socket instead
 * @param address the Vault address used when a SecretProviderClass has no
 * {@code vaultAddress} (the Go provider's {@code -vault-addr})
 * @param namespace the Vault Enterprise namespace used when a SecretProviderClass has no
 * {@code vaultNamespace}; empty for none
 * @param authMountPath the Kubernetes or JWT auth mount used when a SecretProviderClass
 * names none (the Go provider's {@code -vault-mount})
 * @param audience the service-account token audience used when a SecretProviderClass has
 * no {@code audience}
 * @param connectTimeout how long to wait for a connection to Vault
 * @param readTimeout how long to wait for each Vault answer
 * @param clientCacheSize how many logged-in clients (one per pod and Vault role) to keep,
 * so tokens are reused across mounts; 0 logs in on every mount
 * @param tls TLS defaults, overridden field by field by the SecretProviderClass
 * @param versionKey the HMAC key of object versions (its UTF-8 bytes), used instead of
 * the Kubernetes Secret {@code hmacSecretName}; empty to use that Secret
 * @param hmacSecretName the Kubernetes Secret, in the driver's namespace, that holds the
 * HMAC key of object versions under {@code key}, created on first use as the Go provider
 * does (its {@code -hmac-secret-name})
 * @param kvMetadataChecks whether a rotation asks a KV version 2 secret's metadata
 * ({@code <mount>/metadata/<path>}) for its {@code current_version} first and, when that
 * is the version the volume holds, keeps the mounted file instead of reading the value
 * again; needs {@code read} on the metadata path in the role's policy (off by default:
 * the Go provider needs no such grant, and a refused read is logged by Vault's audit)
 */
@ConfigurationProperties("secrets-store.provider.vault")
public record VaultProviderProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue(DEFAULT_ADDRESS) String address, @DefaultValue("") String namespace,
		@DefaultValue("kubernetes") String authMountPath, @DefaultValue("vault") String audience,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("20s") Duration readTimeout,
		@DefaultValue("1000") int clientCacheSize, @DefaultValue Tls tls, @DefaultValue("") String versionKey,
		@DefaultValue(DEFAULT_HMAC_SECRET_NAME) String hmacSecretName,
		@DefaultValue("false") boolean kvMetadataChecks) {

	/** The Vault client library's default address, as in the Go provider. */
	public static final String DEFAULT_ADDRESS = "https://127.0.0.1:8200";

	/** The Go provider's default {@code -hmac-secret-name}. */
	public static final String DEFAULT_HMAC_SECRET_NAME = "vault-csi-provider-hmac-key";

	@ConstructorBinding
	public VaultProviderProperties {
		address = orDefault(address, DEFAULT_ADDRESS);
		namespace = orDefault(namespace, "");
		authMountPath = orDefault(authMountPath, "kubernetes").replaceAll("^/+|/+$", "");
		audience = orDefault(audience, "vault");
		connectTimeout = (connectTimeout != null) ? connectTimeout : Duration.ofSeconds(5);
		readTimeout = (readTimeout != null) ? readTimeout : Duration.ofSeconds(20);
		tls = (tls != null) ? tls : new Tls(null, null, null, null, null, false);
		versionKey = orDefault(versionKey, "");
		hmacSecretName = orDefault(hmacSecretName, DEFAULT_HMAC_SECRET_NAME);
		if (!VaultParameters.isHttpUrl(address)) {
			throw new IllegalArgumentException("secrets-store.provider.vault.address '" + address
					+ "' is not an http:// or https:// URL with a host");
		}
		if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
				|| readTimeout.isZero()) {
			throw new IllegalArgumentException("secrets-store.provider.vault timeouts must be positive");
		}
		if (clientCacheSize < 0) {
			throw new IllegalArgumentException("secrets-store.provider.vault.client-cache-size must not be negative");
		}
	}

	/**
	 * Settings without KV metadata checks, as before they existed.
	 */
	public VaultProviderProperties(boolean enabled, String address, String namespace, String authMountPath,
			String audience, Duration connectTimeout, Duration readTimeout, int clientCacheSize, Tls tls,
			String versionKey, String hmacSecretName) {
		this(enabled, address, namespace, authMountPath, audience, connectTimeout, readTimeout, clientCacheSize, tls,
				versionKey, hmacSecretName, false);
	}

	/**
	 * The defaults, as an application without any {@code secrets-store.provider.vault}
	 * property gets them.
	 */
	public static VaultProviderProperties defaults() {
		return new VaultProviderProperties(true, null, null, null, null, null, null, 1000, null, null, null);
	}

	/**
	 * Never prints the version key.
	 */
	@Override
	public String toString() {
		return "VaultProviderProperties[enabled=" + this.enabled + ", address=" + this.address + ", namespace="
				+ this.namespace + ", authMountPath=" + this.authMountPath + ", audience=" + this.audience
				+ ", connectTimeout=" + this.connectTimeout + ", readTimeout=" + this.readTimeout + ", clientCacheSize="
				+ this.clientCacheSize + ", tls=" + this.tls + ", versionKey="
				+ (this.versionKey.isEmpty() ? "none" : "set") + ", hmacSecretName=" + this.hmacSecretName
				+ ", kvMetadataChecks=" + this.kvMetadataChecks + "]";
	}

	private static String orDefault(String value, String fallback) {
		return (value == null || value.isBlank()) ? fallback : value.strip();
	}

	/**
	 * TLS defaults (the Go provider's {@code -vault-tls-*} flags).
	 *
	 * @param caCertPath a PEM file of CA certificates to trust instead of the JVM's
	 * @param caDirectory a folder of PEM files of CA certificates to trust
	 * @param serverName the name Vault's certificate must be valid for, and the SNI to
	 * send, instead of the host of the address (the Go provider's
	 * {@code -vault-tls-server-name})
	 * @param clientCertPath a PEM client certificate for mutual TLS
	 * @param clientKeyPath the PEM private key of the client certificate (PKCS#8 or
	 * PKCS#1 RSA)
	 * @param skipVerify trust any server certificate; for tests only
	 */
	public record Tls(String caCertPath, String caDirectory, String serverName, String clientCertPath,
			String clientKeyPath, boolean skipVerify) {

		/**
		 * These defaults as SecretProviderClass-style TLS settings.
		 */
		public VaultTls toVaultTls() {
			return new VaultTls(this.caCertPath, this.caDirectory, this.serverName, this.clientCertPath,
					this.clientKeyPath, this.skipVerify);
		}

	}

}
