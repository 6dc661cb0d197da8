package dev.secretsstore.provider.aws.credentials;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.aws.client.AwsClientFactory;
import dev.secretsstore.provider.aws.client.AwsErrors;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * IRSA: the pod's {@code sts.amazonaws.com} token exchanged for the role's credentials
 * with STS {@code AssumeRoleWithWebIdentity} in the region of the call, as the Go
 * provider does.
 */
final class WebIdentityCredentials implements PodCredentials {

	private static final int MAX_SESSION_NAME = 64;

	private final AwsClientFactory clients;

	private final String roleArn;

	private final String token;

	private final String sessionName;

	WebIdentityCredentials(AwsClientFactory clients, String roleArn, String token, String sessionName) {
		this.clients = clients;
		this.roleArn = roleArn;
		this.token = token;
		this.sessionName = sessionName;
	}

	/**
	 * A session name that tells the pod in CloudTrail, within STS's 64 characters of
	 * {@code [\w+=,.@-]}.
	 */
	static String sessionName(String podName) {
		String name = "secrets-store-csi" + ((podName != null) ? "." + podName : "");
		name = name.replaceAll("[^\\w+=,.@-]", "-");
		return (name.length() > MAX_SESSION_NAME) ? name.substring(0, MAX_SESSION_NAME) : name;
	}

	@Override
	public String identity() {
		return "irsa|" + this.roleArn + "|" + PodCredentials.fingerprint(this.token);
	}

	@Override
	public AwsSessionCredentials load(String region) throws ProviderException {
		AssumeRoleWithWebIdentityResponse response;
		try {
			response = this.clients.sts(region)
				.assumeRoleWithWebIdentity((request) -> request.roleArn(this.roleArn)
					.roleSessionName(this.sessionName)
					.webIdentityToken(this.token));
		}
		catch (SdkException ex) {
			throw AwsErrors.map(ex, "assuming role " + this.roleArn + " with the pod's token (IRSA) in " + region);
		}
		Credentials credentials = response.credentials();
		return AwsSessionCredentials.builder()
			.accessKeyId(credentials.accessKeyId())
			.secretAccessKey(credentials.secretAccessKey())
			.sessionToken(credentials.sessionToken())
			.expirationTime(credentials.expiration())
			.build();
	}

	@Override
	public String toString() {
		return "IRSA[" + this.roleArn + "]";
	}

}
