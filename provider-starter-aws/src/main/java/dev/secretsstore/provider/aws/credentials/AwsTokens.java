package dev.secretsstore.provider.aws.credentials;

import java.util.Map;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.ServiceAccountTokens;
import dev.secretsstore.provider.ServiceAccountTokens.ServiceAccountToken;

/**
 * Finds the pod's service-account token for one audience in what kubelet passed through
 * the driver, with the AWS provider's error messages.
 */
public final class AwsTokens {

	/** The audience of IRSA tokens. */
	public static final String IRSA_AUDIENCE = "sts.amazonaws.com";

	/** The audience of EKS Pod Identity tokens. */
	public static final String POD_IDENTITY_AUDIENCE = "pods.eks.amazonaws.com";

	private AwsTokens() {
	}

	/**
	 * The token for {@code audience}, from the attributes or, as newer kubelets send it,
	 * the secrets.
	 * @throws ProviderException INVALID_PARAMETERS telling the operator which
	 * tokenRequests audience to add
	 */
	static String token(MountRequest request, String audience) throws ProviderException {
		String json = request.attributes().get(MountRequest.SERVICE_ACCOUNT_TOKENS);
		if (json == null || json.isEmpty()) {
			json = request.secrets().get(MountRequest.SERVICE_ACCOUNT_TOKENS);
		}
		if (json == null || json.isEmpty()) {
			throw missing("serviceAccount.tokens not provided - ensure tokenRequests is configured in CSIDriver "
					+ "secrets-store.csi.k8s.io with audience " + audience);
		}
		Map<String, ServiceAccountToken> tokens;
		try {
			tokens = ServiceAccountTokens.parse(json);
		}
		catch (IllegalArgumentException ex) {
			throw missing("failed to parse serviceAccount.tokens: it is not a JSON object of audiences");
		}
		ServiceAccountToken token = tokens.get(audience);
		if (token == null) {
			throw missing("token for audience \"" + audience + "\" not found - ensure tokenRequests includes this "
					+ "audience in CSIDriver secrets-store.csi.k8s.io");
		}
		return token.jwt();
	}

	private static ProviderException missing(String message) {
		return new ProviderException(Reason.INVALID_PARAMETERS, "MissingServiceAccountToken", message);
	}

}
