package dev.secretsstore.provider.aws;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;

/**
 * Finds the pod's service-account token for one audience in what kubelet passed through the driver.
 */
final class ServiceAccountTokens {

	/** The audience of IRSA tokens. */
	static final String IRSA_AUDIENCE = "sts.amazonaws.com";

	/** The audience of EKS Pod Identity tokens. */
	static final String POD_IDENTITY_AUDIENCE = "pods.eks.amazonaws.com";

	private ServiceAccountTokens() {
	}

	/**
	 * The token for {@code audience}, from the attributes or, as newer kubelets send it, the secrets.
	 * @throws ProviderException INVALID_PARAMETERS telling the operator which tokenRequests audience to add
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
		JsonObject tokens;
		try {
			JsonElement parsed = JsonParser.parseString(json);
			if (!parsed.isJsonObject()) {
				throw new JsonParseException("not an object");
			}
			tokens = parsed.getAsJsonObject();
		}
		catch (JsonParseException ex) {
			// the parser's message would quote the tokens
			throw missing("failed to parse serviceAccount.tokens: it is not a JSON object of audiences");
		}
		JsonElement entry = tokens.get(audience);
		if (entry == null || entry.isJsonNull()) {
			throw missing("token for audience \"" + audience + "\" not found - ensure tokenRequests includes this "
					+ "audience in CSIDriver secrets-store.csi.k8s.io");
		}
		String token = entry.isJsonObject() ? text(entry.getAsJsonObject()) : "";
		if (token.isEmpty()) {
			throw missing("token for audience \"" + audience + "\" is empty");
		}
		return token;
	}

	private static String text(JsonObject entry) {
		JsonElement token = entry.get("token");
		return (token != null && token.isJsonPrimitive() && token.getAsJsonPrimitive().isString())
				? token.getAsString() : "";
	}

	private static ProviderException missing(String message) {
		return new ProviderException(Reason.INVALID_PARAMETERS, "MissingServiceAccountToken", message);
	}

}
