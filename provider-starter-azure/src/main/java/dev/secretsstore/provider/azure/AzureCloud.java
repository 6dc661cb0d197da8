package dev.secretsstore.provider.azure;

import java.net.URI;
import java.util.Locale;

/**
 * The Azure clouds the {@code cloudName} parameter names, with their Key Vault DNS suffix
 * and Entra ID authority.
 */
enum AzureCloud {

	/** The public cloud, the default. */
	AZURE_PUBLIC_CLOUD("AzurePublicCloud", "vault.azure.net", "https://login.microsoftonline.com"),

	/** Azure operated by 21Vianet. */
	AZURE_CHINA_CLOUD("AzureChinaCloud", "vault.azure.cn", "https://login.chinacloudapi.cn"),

	/** Azure Government. */
	AZURE_US_GOVERNMENT_CLOUD("AzureUSGovernmentCloud", "vault.usgovcloudapi.net", "https://login.microsoftonline.us");

	private final String cloudName;

	private final String vaultDnsSuffix;

	private final String authorityHost;

	AzureCloud(String cloudName, String vaultDnsSuffix, String authorityHost) {
		this.cloudName = cloudName;
		this.vaultDnsSuffix = vaultDnsSuffix;
		this.authorityHost = authorityHost;
	}

	/**
	 * The cloud of a {@code cloudName} value, case-insensitively as the Go provider;
	 * empty means the public cloud.
	 * @throws IllegalArgumentException for an unknown or unsupported cloud
	 */
	static AzureCloud of(String cloudName) {
		if (cloudName == null || cloudName.isBlank()) {
			return AZURE_PUBLIC_CLOUD;
		}
		String wanted = cloudName.strip().toUpperCase(Locale.ROOT);
		for (AzureCloud cloud : values()) {
			if (cloud.cloudName.toUpperCase(Locale.ROOT).equals(wanted)) {
				return cloud;
			}
		}
		if (wanted.equals("AZURESTACKCLOUD")) {
			throw new IllegalArgumentException("AzureStackCloud is not supported (it needs cloudEnvFileName); set "
					+ "secrets-store.provider.azure.vault-url-template and authority-host instead");
		}
		throw new IllegalArgumentException(
				"'" + cloudName.strip() + "' is not one of AzurePublicCloud, AzureChinaCloud, AzureUSGovernmentCloud");
	}

	String vaultDnsSuffix() {
		return this.vaultDnsSuffix;
	}

	String authorityHost() {
		return this.authorityHost;
	}

	/**
	 * Whether a host is one of Microsoft's Entra ID authorities, where instance discovery
	 * works.
	 */
	static boolean isMicrosoftAuthority(String host) {
		for (AzureCloud cloud : values()) {
			if (URI.create(cloud.authorityHost).getHost().equalsIgnoreCase(host)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a host is a Key Vault host of one of the clouds, where the SDK's challenge
	 * resource check works.
	 */
	static boolean isKeyVaultHost(String host) {
		for (AzureCloud cloud : values()) {
			if (host.toLowerCase(Locale.ROOT).endsWith("." + cloud.vaultDnsSuffix)) {
				return true;
			}
		}
		return false;
	}

}
