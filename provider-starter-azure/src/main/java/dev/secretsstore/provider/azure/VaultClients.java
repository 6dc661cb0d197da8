package dev.secretsstore.provider.azure;

import java.net.URI;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.security.keyvault.certificates.CertificateClient;
import com.azure.security.keyvault.certificates.CertificateClientBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;

/**
 * The Key Vault clients of one vault and one credential; building them calls nothing, the
 * credential asks Entra ID for a token on the first request and reuses it until it
 * expires.
 *
 * @param secrets reads secrets, including certificate-backed ones
 * @param keys reads public keys
 * @param certificates reads certificates
 */
record VaultClients(SecretClient secrets, KeyClient keys, CertificateClient certificates) {

	static VaultClients create(String vaultUrl, String authorityHost, AzureCredential credential, HttpClient http,
			int maxRetries) {
		TokenCredential tokens = new CachingTokenCredential(tokenCredential(authorityHost, credential, http));
		RetryOptions retry = new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(maxRetries));
		boolean azureVault = AzureCloud.isKeyVaultHost(URI.create(vaultUrl).getHost());
		SecretClientBuilder secrets = new SecretClientBuilder().vaultUrl(vaultUrl)
			.credential(tokens)
			.httpClient(http)
			.retryOptions(retry);
		KeyClientBuilder keys = new KeyClientBuilder().vaultUrl(vaultUrl)
			.credential(tokens)
			.httpClient(http)
			.retryOptions(retry);
		CertificateClientBuilder certificates = new CertificateClientBuilder().vaultUrl(vaultUrl)
			.credential(tokens)
			.httpClient(http)
			.retryOptions(retry);
		if (!azureVault) {
			secrets.disableChallengeResourceVerification();
			keys.disableChallengeResourceVerification();
			certificates.disableChallengeResourceVerification();
		}
		return new VaultClients(secrets.buildClient(), keys.buildClient(), certificates.buildClient());
	}

	private static TokenCredential tokenCredential(String authorityHost, AzureCredential credential, HttpClient http) {
		boolean microsoft = AzureCloud.isMicrosoftAuthority(URI.create(authorityHost).getHost());
		return switch (credential.kind()) {
			case WORKLOAD_IDENTITY -> {
				String assertion = credential.secret();
				ClientAssertionCredentialBuilder builder = new ClientAssertionCredentialBuilder()
					.tenantId(credential.tenantId())
					.clientId(credential.clientId())
					.clientAssertion(() -> assertion)
					.authorityHost(authorityHost)
					.httpClient(http);
				yield microsoft ? builder.build() : builder.disableInstanceDiscovery().build();
			}
			case SERVICE_PRINCIPAL -> {
				ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder()
					.tenantId(credential.tenantId())
					.clientId(credential.clientId())
					.clientSecret(credential.secret())
					.authorityHost(authorityHost)
					.httpClient(http);
				yield microsoft ? builder.build() : builder.disableInstanceDiscovery().build();
			}
		};
	}

}
