package dev.secretsstore.provider.azure;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the in-process Azure Key Vault provider; nothing here is needed to start,
 * and nothing is called until a volume asks for it.
 *
 * @param enabled whether the provider named {@code azure} is registered; turn it off to
 * use the Go provider's plugin socket instead
 * @param vaultUrlTemplate the vault URL, with {@code {vaultName}} replaced by the
 * {@code keyvaultName} parameter and {@code {vaultDnsSuffix}} by the Key Vault DNS suffix
 * of the {@code cloudName} parameter ({@code vault.azure.net} for the public cloud)
 * @param authorityHost the Entra ID (Azure AD) authority; when left at the public
 * cloud's, the {@code cloudName} parameter picks its cloud's authority
 * @param connectTimeout how long to wait for a connection to Key Vault or Entra ID
 * @param readTimeout how long to wait for each answer
 * @param maxRetries how often the Azure SDK retries a throttled (429), failed (5xx) or
 * broken call inside one mount, honouring {@code Retry-After}; after that the mount fails
 * as retryable
 * @param clientCacheSize how many clients (one per vault and credential) to keep between
 * mounts, so Entra ID tokens are reused until they expire; 0 builds new clients on every
 * mount, as the Go provider does
 * @param clientCacheTtl the longest a cached client lives; a workload-identity client
 * also ends when the pod's service-account token expires
 * @param caCertPath a PEM file of CA certificates to trust instead of the JVM's, for Key
 * Vault and Entra ID; empty to use the JVM's trust store
 */
@ConfigurationProperties("secrets-store.provider.azure")
public record AzureProviderProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue(DEFAULT_VAULT_URL_TEMPLATE) String vaultUrlTemplate,
		@DefaultValue(DEFAULT_AUTHORITY_HOST) String authorityHost, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("20s") Duration readTimeout, @DefaultValue("3") int maxRetries,
		@DefaultValue("1000") int clientCacheSize, @DefaultValue("1h") Duration clientCacheTtl,
		@DefaultValue("") String caCertPath) {

	/** The Go provider's vault URL, for every cloud. */
	public static final String DEFAULT_VAULT_URL_TEMPLATE = "https://{vaultName}.{vaultDnsSuffix}";

	/** The public cloud's Entra ID authority. */
	public static final String DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com";

	public AzureProviderProperties {
		vaultUrlTemplate = orDefault(vaultUrlTemplate, DEFAULT_VAULT_URL_TEMPLATE);
		authorityHost = orDefault(authorityHost, DEFAULT_AUTHORITY_HOST).replaceAll("/+$", "");
		connectTimeout = (connectTimeout != null) ? connectTimeout : Duration.ofSeconds(5);
		readTimeout = (readTimeout != null) ? readTimeout : Duration.ofSeconds(20);
		clientCacheTtl = (clientCacheTtl != null) ? clientCacheTtl : Duration.ofHours(1);
		caCertPath = orDefault(caCertPath, "");
		if (!vaultUrlTemplate.startsWith("https://")) {
			throw new IllegalArgumentException("secrets-store.provider.azure.vault-url-template '" + vaultUrlTemplate
					+ "' is not an https:// URL; the Azure SDK sends tokens over HTTPS only");
		}
		if (!authorityHost.startsWith("https://") || URI.create(authorityHost).getHost() == null) {
			throw new IllegalArgumentException(
					"secrets-store.provider.azure.authority-host '" + authorityHost + "' is not an https:// URL");
		}
		if (!isPositive(connectTimeout) || !isPositive(readTimeout) || !isPositive(clientCacheTtl)) {
			throw new IllegalArgumentException(
					"secrets-store.provider.azure timeouts and client-cache-ttl must be positive");
		}
		if (maxRetries < 0 || clientCacheSize < 0) {
			throw new IllegalArgumentException(
					"secrets-store.provider.azure.max-retries and client-cache-size must not be negative");
		}
	}

	/**
	 * The defaults, as an application without any {@code secrets-store.provider.azure}
	 * property gets them.
	 */
	public static AzureProviderProperties defaults() {
		return new AzureProviderProperties(true, null, null, null, null, 3, 1000, null, null);
	}

	/**
	 * The vault URL for one vault in one cloud.
	 */
	String vaultUrl(String vaultName, AzureCloud cloud) {
		return this.vaultUrlTemplate.replace("{vaultName}", vaultName)
			.replace("{vaultDnsSuffix}", cloud.vaultDnsSuffix());
	}

	/**
	 * The authority for a cloud: this setting, unless it is the public cloud's default
	 * and the cloud is another.
	 */
	String authorityHost(AzureCloud cloud) {
		return this.authorityHost.equals(DEFAULT_AUTHORITY_HOST) ? cloud.authorityHost() : this.authorityHost;
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	private static String orDefault(String value, String fallback) {
		return (value == null || value.isBlank()) ? fallback : value.strip();
	}

}
