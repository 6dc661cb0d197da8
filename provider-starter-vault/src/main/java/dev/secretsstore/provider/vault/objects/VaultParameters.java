package dev.secretsstore.provider.vault.objects;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ServiceAccountTokens;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.vault.tls.VaultTls;

/**
 * The SecretProviderClass parameters of the Go Vault provider, read and checked once per
 * mount; empty strings stand for parameters the SecretProviderClass leaves out, which the
 * provider's properties then fill in.
 *
 * @param roleName the Vault role to log in with (required)
 * @param vaultAddress the Vault address, or empty
 * @param vaultNamespace the Vault Enterprise namespace, or empty
 * @param authMountPath the Kubernetes or JWT auth mount ({@code vaultKubernetesMountPath}
 * or {@code vaultAuthMountPath}) without slashes around it, or empty
 * @param audience the audience of the service-account token to log in with, or empty
 * @param tls the TLS parameters
 * @param objects the objects to mount, at least one, with unique names
 * @param pod the pod the volume belongs to
 * @param tokens the pod's service-account tokens by audience
 */
public record VaultParameters(String roleName, String vaultAddress, String vaultNamespace, String authMountPath,
		String audience, VaultTls tls, List<VaultObject> objects, PodInfo pod, Map<String, String> tokens) {

	/** The error code of every parameter failure. */
	public static final String INVALID = "InvalidParameters";

	public VaultParameters {
		objects = List.copyOf(objects);
		tokens = Map.copyOf(tokens);
	}

	/**
	 * Reads the parameters from a mount request's attributes.
	 * @throws ProviderException with reason {@code INVALID_PARAMETERS}, naming the
	 * parameter at fault
	 */
	public static VaultParameters parse(Map<String, String> attributes) throws ProviderException {
		String role = get(attributes, "roleName");
		if (role.isEmpty()) {
			throw invalid("missing 'roleName': name the Vault role to log in with");
		}
		String address = get(attributes, "vaultAddress");
		if (!address.isEmpty() && !isHttpUrl(address)) {
			throw invalid("'vaultAddress' " + address + " is not an http:// or https:// URL with a host");
		}
		if (attributes.containsKey("vaultKubernetesMountPath") && attributes.containsKey("vaultAuthMountPath")) {
			throw invalid("cannot set both 'vaultKubernetesMountPath' and 'vaultAuthMountPath'");
		}
		String mount = get(attributes,
				attributes.containsKey("vaultAuthMountPath") ? "vaultAuthMountPath" : "vaultKubernetesMountPath");
		VaultTls tls = new VaultTls(get(attributes, "vaultCACertPath"), get(attributes, "vaultCADirectory"),
				get(attributes, "vaultTLSServerName"), get(attributes, "vaultTLSClientCertPath"),
				get(attributes, "vaultTLSClientKeyPath"), skipVerify(get(attributes, "vaultSkipTLSVerify")));
		if (tls.clientCertPath().isEmpty() != tls.clientKeyPath().isEmpty()) {
			throw invalid("'vaultTLSClientCertPath' and 'vaultTLSClientKeyPath' must be set together");
		}
		List<VaultObject> objects = parse(attributes, "objects", ObjectsYaml::parse);
		if (objects.isEmpty()) {
			throw invalid("no secrets configured in 'objects': the provider would read no secret material");
		}
		Map<String, String> tokens = parse(attributes, MountRequest.SERVICE_ACCOUNT_TOKENS, VaultParameters::jwts);
		PodInfo pod = new PodInfo(get(attributes, MountRequest.POD_NAME), get(attributes, MountRequest.POD_NAMESPACE),
				get(attributes, MountRequest.POD_UID), get(attributes, MountRequest.SERVICE_ACCOUNT_NAME));
		return new VaultParameters(role, address, get(attributes, "vaultNamespace"), trimSlashes(mount),
				get(attributes, "audience"), tls, objects, pod, tokens);
	}

	/**
	 * The pod's token for {@code audience}, if kubelet passed one.
	 */
	public Optional<String> token(String audience) {
		return Optional.ofNullable(this.tokens.get(audience));
	}

	/**
	 * Lists the audiences of the tokens, never the tokens.
	 */
	@Override
	public String toString() {
		return "VaultParameters[roleName=" + this.roleName + ", vaultAddress=" + this.vaultAddress + ", vaultNamespace="
				+ this.vaultNamespace + ", authMountPath=" + this.authMountPath + ", audience=" + this.audience
				+ ", tls=" + this.tls + ", objects=" + this.objects + ", pod=" + this.pod + ", tokens="
				+ new TreeSet<>(this.tokens.keySet()) + "]";
	}

	static ProviderException invalid(String message) {
		return new ProviderException(Reason.INVALID_PARAMETERS, INVALID, message);
	}

	private static String get(Map<String, String> attributes, String name) {
		String value = attributes.get(name);
		return (value != null) ? value.strip() : "";
	}

	private static Map<String, String> jwts(String json) {
		Map<String, String> jwts = new java.util.LinkedHashMap<>();
		ServiceAccountTokens.parse(json).forEach((audience, token) -> jwts.put(audience, token.jwt()));
		return jwts;
	}

	private static <T> T parse(Map<String, String> attributes, String name, Function<String, T> parser)
			throws ProviderException {
		try {
			return parser.apply(attributes.getOrDefault(name, ""));
		}
		catch (IllegalArgumentException ex) {
			throw new ProviderException(Reason.INVALID_PARAMETERS, INVALID, "'" + name + "' " + ex.getMessage(), ex);
		}
	}

	/**
	 * Reads a boolean as Go's {@code strconv.ParseBool} does.
	 */
	private static Boolean skipVerify(String text) throws ProviderException {
		return switch (text) {
			case "" -> null;
			case "1", "t", "T", "true", "TRUE", "True" -> Boolean.TRUE;
			case "0", "f", "F", "false", "FALSE", "False" -> Boolean.FALSE;
			default -> throw invalid("'vaultSkipTLSVerify' is '" + text + "', which is neither true nor false");
		};
	}

	public static boolean isHttpUrl(String text) {
		try {
			URI uri = new URI(text);
			return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private static String trimSlashes(String path) {
		return path.replaceAll("^/+", "").replaceAll("/+$", "");
	}

	/**
	 * The pod a volume belongs to, from the volume context.
	 *
	 * @param name the pod's name
	 * @param namespace the pod's namespace
	 * @param uid the pod's UID
	 * @param serviceAccountName the pod's service account
	 */
	public record PodInfo(String name, String namespace, String uid, String serviceAccountName) {
	}

}
