package dev.secretsstore.provider.azure;

import java.util.HashMap;
import java.util.Map;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import org.junit.jupiter.api.Test;

import static dev.secretsstore.provider.azure.AzureTestSupport.TENANT;
import static dev.secretsstore.provider.azure.AzureTestSupport.parameters;
import static dev.secretsstore.provider.azure.AzureTestSupport.spcParameters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Reads the Go provider's documented SecretProviderClass examples and names every
 * parameter it refuses.
 */
class AzureParametersTests {

	@Test
	void readsTheDocumentedWorkloadIdentityExample() throws ProviderException {
		AzureParameters parameters = AzureParameters.parse(spcParameters("spc/workload-identity.yaml"));
		assertThat(parameters.keyvaultName()).isEqualTo("kvname");
		assertThat(parameters.tenantId()).isEqualTo(TENANT);
		assertThat(parameters.clientId()).isEqualTo(AzureTestSupport.CLIENT_ID);
		assertThat(parameters.cloud()).isEqualTo(AzureCloud.AZURE_PUBLIC_CLOUD);
		assertThat(parameters.objects()).containsExactly(
				new AzureObject("secret1", AzureObject.Type.SECRET, "", "", AzureObject.Encoding.UTF_8,
						AzureObject.Format.PEM, 0),
				new AzureObject("key1", AzureObject.Type.KEY, "", "", AzureObject.Encoding.UTF_8,
						AzureObject.Format.PEM, 0));
	}

	@Test
	void readsTheDocumentedServicePrincipalExampleWithAliases() throws ProviderException {
		AzureParameters parameters = AzureParameters.parse(spcParameters("spc/service-principal.yaml"));
		assertThat(parameters.clientId()).isEmpty();
		assertThat(parameters.objects()).extracting(AzureObject::fileName).containsExactly("SECRET_1", "key1", "cert1");
		assertThat(parameters.objects()).extracting(AzureObject::versionId)
			.containsExactly("secret/secret1", "key/key1", "cert/cert1");
	}

	@Test
	void readsEncodingFormatVersionPermissionAndCloud() throws ProviderException {
		AzureParameters parameters = AzureParameters.parse(spcParameters("spc/options.yaml"));
		assertThat(parameters.cloud()).isEqualTo(AzureCloud.AZURE_CHINA_CLOUD);
		assertThat(parameters.objects()).containsExactly(
				new AzureObject("binary-secret", AzureObject.Type.SECRET, "", "", AzureObject.Encoding.BASE64,
						AzureObject.Format.PEM, 0600),
				new AzureObject("tls-cert", AzureObject.Type.SECRET, "", "tls.pfx", AzureObject.Encoding.UTF_8,
						AzureObject.Format.PFX, 0),
				new AzureObject("pinned", AzureObject.Type.SECRET, AzureTestSupport.VERSION_1, "",
						AzureObject.Encoding.UTF_8, AzureObject.Format.PEM, 0));
		assertThat(AzureProviderProperties.defaults().vaultUrl("kvname", parameters.cloud()))
			.isEqualTo("https://kvname.vault.azure.cn");
		assertThat(AzureProviderProperties.defaults().authorityHost(parameters.cloud()))
			.isEqualTo("https://login.chinacloudapi.cn");
	}

	@Test
	void prefersTenantIDToTheDeprecatedTenantId() throws ProviderException {
		Map<String, String> attributes = parameters("objectName: a\nobjectType: secret");
		attributes.put("tenantID", "preferred");
		assertThat(AzureParameters.parse(attributes).tenantId()).isEqualTo("preferred");
	}

	@Test
	void namesAMissingRequiredParameter() {
		Map<String, String> noVault = parameters("objectName: a\nobjectType: secret");
		noVault.remove("keyvaultName");
		assertInvalid(noVault, "keyvaultName is missing");
		Map<String, String> noTenant = parameters("objectName: a\nobjectType: secret");
		noTenant.remove("tenantId");
		assertInvalid(noTenant, "tenantID (or the deprecated tenantId) is missing");
		Map<String, String> noObjects = parameters();
		noObjects.put("objects", " ");
		assertInvalid(noObjects, "objects is missing");
		assertInvalid(parameters(), "objects has no entries under 'array:'");
	}

	@Test
	void refusesAVaultNameThatIsNotAKeyVaultName() {
		Map<String, String> attributes = parameters("objectName: a\nobjectType: secret");
		attributes.put("keyvaultName", "evil.example.com/x");
		assertInvalid(attributes, "keyvaultName 'evil.example.com/x' is not 3 to 24 letters, digits and dashes");
	}

	@Test
	void refusesIdentityModesItDoesNotSupport() {
		for (String mode : new String[] { "usePodIdentity", "useVMManagedIdentity", "useAzureTokenProxy" }) {
			Map<String, String> attributes = parameters("objectName: a\nobjectType: secret");
			attributes.put(mode, "true");
			assertInvalid(attributes, mode + " is not supported by this provider");
		}
		Map<String, String> off = parameters("objectName: a\nobjectType: secret");
		off.put("useVMManagedIdentity", "False");
		assertThat(catchThrowableOfType(ProviderException.class, () -> AzureParameters.parse(off))).isNull();
		Map<String, String> junk = parameters("objectName: a\nobjectType: secret");
		junk.put("usePodIdentity", "yes");
		assertInvalid(junk, "usePodIdentity 'yes' is not true or false");
	}

	@Test
	void refusesUnknownAndUnsupportedClouds() {
		Map<String, String> stack = parameters("objectName: a\nobjectType: secret");
		stack.put("cloudName", "AzureStackCloud");
		assertInvalid(stack, "cloudName AzureStackCloud is not supported");
		Map<String, String> unknown = parameters("objectName: a\nobjectType: secret");
		unknown.put("cloudName", "Mars");
		assertInvalid(unknown, "cloudName 'Mars' is not one of");
		Map<String, String> envFile = parameters("objectName: a\nobjectType: secret");
		envFile.put("cloudEnvFileName", "/etc/kubernetes/custom.json");
		assertInvalid(envFile, "cloudEnvFileName is not supported");
	}

	@Test
	void namesTheEntryAndFieldAtFault() {
		assertInvalid(parameters("objectName: a\nobjectType: password"),
				"objects entry 1: objectType 'password' is not one of secret, key, cert");
		assertInvalid(parameters("objectType: secret"), "objects entry 1: objectName is missing");
		assertInvalid(parameters("objectName: a\nobjectType: key\nobjectEncoding: base64"),
				"objectEncoding is only allowed for objectType secret");
		assertInvalid(parameters("objectName: a\nobjectType: cert\nobjectFormat: pfx"),
				"objectFormat pfx is only allowed for objectType secret");
		assertInvalid(parameters("objectName: a\nobjectType: secret\nobjectEncoding: rot13"),
				"objectEncoding 'rot13' is not one of utf-8, hex, base64");
		assertInvalid(parameters("objectName: a\nobjectType: secret\nfilePermission: 0999"),
				"filePermission '0999' is not an octal mode");
		assertInvalid(parameters("objectName: a\nobjectType: secret\nobjectVersionHistory: 3"),
				"objectVersionHistory 3 is not supported");
		assertInvalid(parameters("objectName: a\nobjectType: secret\nobjectAlias: ../etc/passwd"),
				"objectAlias/objectName: file path '../etc/passwd' starts with '..'");
		assertInvalid(
				parameters("objectName: a\nobjectType: secret", "objectName: b\nobjectType: secret\nobjectAlias: a"),
				"objects entry 2 (objectName 'b'): writes file 'a' like an earlier entry");
		assertInvalid(parameters("objectName: a\nobjectType: secret\nobjectAlias: x",
				"objectName: a\nobjectType: secret\nobjectVersion: v1"), "another objectVersion of secret/a");
	}

	@Test
	void requiresEachEntryToBeAYamlString() {
		Map<String, String> attributes = parameters();
		attributes.put("objects", "array:\n  - objectName: a\n    objectType: secret\n");
		assertInvalid(attributes, "objects entry 1: is not a YAML string");
		attributes.put("objects", "- |\n  objectName: a\n");
		assertInvalid(attributes, "objects is not YAML with an 'array:' list of objects");
		attributes.put("objects", "array: [\"objectName: a\", \"objectType: secret\"");
		assertInvalid(attributes, "objects is not valid YAML");
	}

	@Test
	void keepsAnUnquotedOctalPermissionAsWritten() throws ProviderException {
		AzureParameters parameters = AzureParameters
			.parse(parameters("objectName: a\nobjectType: secret\nfilePermission: 0440\nunknownField: x"));
		assertThat(parameters.objects().get(0).filePermission()).isEqualTo(0440);
	}

	private static void assertInvalid(Map<String, String> attributes, String message) {
		ProviderException ex = catchThrowableOfType(ProviderException.class,
				() -> AzureParameters.parse(new HashMap<>(attributes)));
		assertThat(ex).isNotNull();
		assertThat(ex.reason()).isEqualTo(Reason.INVALID_PARAMETERS);
		assertThat(ex.errorCode()).isEqualTo("InvalidParameters");
		assertThat(ex.getMessage()).contains(message);
	}

}
