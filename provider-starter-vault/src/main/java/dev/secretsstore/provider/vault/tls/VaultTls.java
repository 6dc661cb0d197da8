package dev.secretsstore.provider.vault.tls;

/**
 * How the provider checks Vault's certificate and proves its own, from the
 * {@code vaultCACertPath}, {@code vaultCADirectory}, {@code vaultTLSServerName},
 * {@code vaultTLSClientCertPath}, {@code vaultTLSClientKeyPath} and
 * {@code vaultSkipTLSVerify} parameters. Paths are read inside the process that runs the
 * provider.
 *
 * @param caCertPath a PEM file of CA certificates to trust instead of the JVM's, or empty
 * @param caDirectory a folder of PEM files of CA certificates to trust, or empty
 * @param serverName the name Vault's certificate must be valid for, and the SNI to send,
 * instead of the host of the address (Go's {@code tls.Config.ServerName}), for a Vault
 * reached through an IP address or a name its certificate does not carry; or empty. Sent
 * as SNI unless it is an IP address, also when {@code skipVerify} is set
 * @param clientCertPath a PEM client certificate (chain) for mutual TLS, or empty
 * @param clientKeyPath the PEM private key of {@code clientCertPath}, or empty
 * @param skipVerify {@code true} to trust any server certificate, {@code false} to
 * verify, {@code null} when the SecretProviderClass does not say
 */
public record VaultTls(String caCertPath, String caDirectory, String serverName, String clientCertPath,
		String clientKeyPath, Boolean skipVerify) {

	/** No TLS settings: the JVM's trust store and host name verification. */
	public static final VaultTls NONE = new VaultTls("", "", "", "", "", null);

	public VaultTls {
		caCertPath = emptyIfNull(caCertPath);
		caDirectory = emptyIfNull(caDirectory);
		serverName = emptyIfNull(serverName);
		clientCertPath = emptyIfNull(clientCertPath);
		clientKeyPath = emptyIfNull(clientKeyPath);
	}

	/**
	 * These settings over {@code defaults}, field by field, as the Go provider lays the
	 * SecretProviderClass over its flags.
	 */
	public VaultTls over(VaultTls defaults) {
		return new VaultTls(pick(this.caCertPath, defaults.caCertPath), pick(this.caDirectory, defaults.caDirectory),
				pick(this.serverName, defaults.serverName), pick(this.clientCertPath, defaults.clientCertPath),
				pick(this.clientKeyPath, defaults.clientKeyPath),
				(this.skipVerify != null) ? this.skipVerify : defaults.skipVerify);
	}

	/**
	 * Whether server certificates go unchecked.
	 */
	public boolean insecure() {
		return Boolean.TRUE.equals(this.skipVerify);
	}

	/**
	 * Whether anything differs from the JVM's defaults.
	 */
	public boolean isCustom() {
		return insecure() || !this.caCertPath.isEmpty() || !this.caDirectory.isEmpty() || !this.serverName.isEmpty()
				|| !this.clientCertPath.isEmpty();
	}

	private static String pick(String value, String fallback) {
		return value.isEmpty() ? fallback : value;
	}

	private static String emptyIfNull(String value) {
		return (value != null) ? value.strip() : "";
	}

}
