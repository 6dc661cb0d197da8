package dev.secretsstore.provider.azure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ServiceAccountTokens;
import dev.secretsstore.provider.ServiceAccountTokens.ServiceAccountToken;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;

/**
 * Which identity one mount uses, chosen as the Go provider does without an identity mode:
 * workload identity when {@code clientID} is set and kubelet passed a token for
 * {@value #AUDIENCE}, else the service principal of the volume's nodePublishSecretRef
 * ({@code clientid} and {@code clientsecret}).
 *
 * @param kind workload identity or service principal
 * @param tenantId the Entra ID tenant
 * @param clientId the application (client) id
 * @param secret the client assertion (service-account token) or the client secret; never
 * printed
 * @param expiresAt when the secret stops working, if known
 */
record AzureCredential(Kind kind, String tenantId, String clientId, String secret, Instant expiresAt) {

	/** The audience of the service-account token workload identity exchanges. */
	static final String AUDIENCE = "api://AzureADTokenExchange";

	static final String MISSING = "MissingCredentials";

	/**
	 * The credential of one mount.
	 * @throws ProviderException with reason PERMISSION_DENIED when the volume carries no
	 * usable credential
	 */
	static AzureCredential of(AzureParameters parameters, MountRequest request) throws ProviderException {
		if (!parameters.clientId().isEmpty()) {
			Optional<ServiceAccountToken> token = workloadIdentityToken(request);
			if (token.isPresent()) {
				return new AzureCredential(Kind.WORKLOAD_IDENTITY, parameters.tenantId(), parameters.clientId(),
						token.get().jwt(), token.get().expiresAt());
			}
		}
		String clientId = secret(request.secrets(), "clientid");
		String clientSecret = secret(request.secrets(), "clientsecret");
		if (!clientId.isEmpty() && !clientSecret.isEmpty()) {
			return new AzureCredential(Kind.SERVICE_PRINCIPAL, parameters.tenantId(), clientId, clientSecret, null);
		}
		if (!parameters.clientId().isEmpty()) {
			throw new ProviderException(Reason.PERMISSION_DENIED, MISSING,
					"clientID is set but the volume has no " + "service-account token for audience " + AUDIENCE
							+ " (add it to the CSIDriver's tokenRequests) "
							+ "and no nodePublishSecretRef with clientid and clientsecret");
		}
		throw new ProviderException(Reason.PERMISSION_DENIED, MISSING, "no credentials: set clientID for workload "
				+ "identity, or a nodePublishSecretRef whose Secret has clientid and clientsecret");
	}

	private static Optional<ServiceAccountToken> workloadIdentityToken(MountRequest request) throws ProviderException {
		try {
			return Optional.ofNullable(ServiceAccountTokens.of(request).get(AUDIENCE));
		}
		catch (IllegalArgumentException ex) {
			throw new ProviderException(Reason.INVALID_PARAMETERS, AzureParameters.INVALID,
					MountRequest.SERVICE_ACCOUNT_TOKENS + " " + ex.getMessage());
		}
	}

	private static String secret(Map<String, String> secrets, String key) {
		for (Map.Entry<String, String> entry : secrets.entrySet()) {
			if (entry.getKey().toLowerCase(Locale.ROOT).equals(key) && entry.getValue() != null) {
				return entry.getValue().strip();
			}
		}
		return "";
	}

	/**
	 * A digest of the secret, so a cache can tell credentials apart without keeping them
	 * as keys.
	 */
	String fingerprint() {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(this.secret.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Never prints the secret.
	 */
	@Override
	public String toString() {
		return "AzureCredential[kind=" + this.kind + ", tenantId=" + this.tenantId + ", clientId=" + this.clientId
				+ ", expiresAt=" + this.expiresAt + "]";
	}

	/** How the pod authenticates to Entra ID. */
	enum Kind {

		/** A federated service-account token used as client assertion. */
		WORKLOAD_IDENTITY,

		/** A client id and secret from the nodePublishSecretRef. */
		SERVICE_PRINCIPAL

	}

}
