package dev.secretsstore.provider.azure;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;

/**
 * The SecretProviderClass parameters of the Go Azure provider, validated once per mount.
 *
 * @param keyvaultName the vault's name
 * @param tenantId the Entra ID tenant of the identity
 * @param cloud the Azure cloud
 * @param clientId the workload-identity client id; empty when the pod uses a service
 * principal
 * @param objects what to fetch, at least one
 */
record AzureParameters(String keyvaultName, String tenantId, AzureCloud cloud, String clientId,
		List<AzureObject> objects) {

	static final String INVALID = "InvalidParameters";

	private static final Pattern VAULT_NAME = Pattern.compile("^[-A-Za-z0-9]{3,24}$");

	private static final List<String> UNSUPPORTED_MODES = List.of("usePodIdentity", "useVMManagedIdentity",
			"useAzureTokenProxy");

	/**
	 * Reads and checks the parameters in a mount request's attributes.
	 * @throws ProviderException with reason INVALID_PARAMETERS naming the parameter at
	 * fault
	 */
	static AzureParameters parse(Map<String, String> attributes) throws ProviderException {
		String vaultName = text(attributes, "keyvaultName");
		if (vaultName.isEmpty()) {
			throw invalid("keyvaultName is missing");
		}
		if (!VAULT_NAME.matcher(vaultName).matches()) {
			throw invalid("keyvaultName '" + vaultName + "' is not 3 to 24 letters, digits and dashes");
		}
		String tenantId = text(attributes, "tenantID");
		if (tenantId.isEmpty()) {
			tenantId = text(attributes, "tenantId");
		}
		if (tenantId.isEmpty()) {
			throw invalid("tenantID (or the deprecated tenantId) is missing");
		}
		for (String mode : UNSUPPORTED_MODES) {
			if (bool(attributes, mode)) {
				throw invalid(mode + " is not supported by this provider; use workload identity (clientID and a "
						+ "service-account token for api://AzureADTokenExchange) or a service principal "
						+ "(nodePublishSecretRef with clientid and clientsecret)");
			}
		}
		if (!text(attributes, "cloudEnvFileName").isEmpty()) {
			throw invalid("cloudEnvFileName is not supported; set secrets-store.provider.azure.vault-url-template "
					+ "and authority-host instead");
		}
		AzureCloud cloud;
		try {
			cloud = AzureCloud.of(text(attributes, "cloudName"));
		}
		catch (IllegalArgumentException ex) {
			throw invalid("cloudName " + ex.getMessage());
		}
		String objects = attributes.getOrDefault("objects", "");
		if (objects.isBlank()) {
			throw invalid("objects is missing");
		}
		try {
			return new AzureParameters(vaultName, tenantId, cloud, text(attributes, "clientID"),
					ObjectsYaml.parse(objects));
		}
		catch (IllegalArgumentException ex) {
			throw invalid("objects " + ex.getMessage());
		}
	}

	static ProviderException invalid(String message) {
		return new ProviderException(Reason.INVALID_PARAMETERS, INVALID, message);
	}

	private static String text(Map<String, String> attributes, String name) {
		String value = attributes.get(name);
		return (value != null) ? value.strip() : "";
	}

	private static boolean bool(Map<String, String> attributes, String name) throws ProviderException {
		String value = text(attributes, name);
		return switch (value) {
			case "", "0", "f", "F", "false", "FALSE", "False" -> false;
			case "1", "t", "T", "true", "TRUE", "True" -> true;
			default -> throw invalid(name + " '" + value + "' is not true or false");
		};
	}

}
