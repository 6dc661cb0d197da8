package dev.secretsstore.provider.aws.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.ServiceAccounts;
import dev.secretsstore.provider.aws.client.AwsClientFactory;
import dev.secretsstore.provider.aws.objects.AwsParameters;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Where one pod's AWS credentials come from: its own service-account token, exchanged
 * through IRSA or EKS Pod Identity; never the node's identity.
 */
public interface PodCredentials {

	/**
	 * The service-account annotation that names the IRSA role, as EKS and the Go provider
	 * read it.
	 */
	String ROLE_ARN = "eks.amazonaws.com/role-arn";

	/**
	 * Names the identity for caching without revealing it: the method, its target and a
	 * hash of the token.
	 */
	String identity();

	/**
	 * Exchanges the token for credentials usable in {@code region}.
	 * @throws ProviderException PERMISSION_DENIED when the exchange is refused, retryable
	 * when it could not happen
	 */
	AwsSessionCredentials load(String region) throws ProviderException;

	/**
	 * The credentials source the parameters select for the pod of {@code request}.
	 * @param defaultRoleArn the IRSA role of service accounts without the annotation, or
	 * {@code null}
	 * @throws ProviderException INVALID_PARAMETERS without the token, PERMISSION_DENIED
	 * without a role
	 */
	static PodCredentials of(MountRequest request, AwsParameters parameters, String defaultRoleArn,
			ServiceAccounts serviceAccounts, AwsClientFactory clients, PodIdentityAgent agent)
			throws ProviderException {
		if (parameters.usePodIdentity()) {
			String token = AwsTokens.token(request, AwsTokens.POD_IDENTITY_AUDIENCE);
			return new PodIdentityCredentials(agent, token, parameters.preferredAddressType());
		}
		String token = AwsTokens.token(request, AwsTokens.IRSA_AUDIENCE);
		String account = request.attributes().getOrDefault(MountRequest.SERVICE_ACCOUNT_NAME, "");
		String namespace = request.attributes().getOrDefault(MountRequest.POD_NAMESPACE, "");
		// as the Go provider: the service account's annotation; the property stands in
		// where there is no cluster
		String roleArn = account.isEmpty() ? null : serviceAccounts.annotations(namespace, account).get(ROLE_ARN);
		if (roleArn == null || roleArn.isEmpty()) {
			roleArn = defaultRoleArn;
		}
		if (roleArn == null || roleArn.isEmpty()) {
			throw new ProviderException(Reason.PERMISSION_DENIED, "MissingRoleArn",
					"An IAM role must be associated with service " + "account " + (account.isEmpty() ? "?" : account)
							+ " (namespace: " + (namespace.isEmpty() ? "?" : namespace) + "): annotate it with "
							+ ROLE_ARN + ", set " + "secrets-store.provider.aws.role-arn, or usePodIdentity: \"true\"");
		}
		String sessionName = WebIdentityCredentials.sessionName(request.attributes().get(MountRequest.POD_NAME));
		return new WebIdentityCredentials(clients, roleArn, token, sessionName);
	}

	/**
	 * A SHA-256 of the token: credentials are cached per token, so no pod can use
	 * credentials another pod's token obtained.
	 */
	static String fingerprint(String token) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
