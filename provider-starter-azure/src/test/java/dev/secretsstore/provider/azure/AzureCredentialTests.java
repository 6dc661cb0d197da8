package dev.secretsstore.provider.azure;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import org.junit.jupiter.api.Test;

import static dev.secretsstore.provider.azure.AzureTestSupport.CLIENT_ID;
import static dev.secretsstore.provider.azure.AzureTestSupport.SA_JWT;
import static dev.secretsstore.provider.azure.AzureTestSupport.parameters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Chooses workload identity or the service principal from a mount request as the Go
 * provider does.
 */
class AzureCredentialTests {

	@Test
	void prefersWorkloadIdentityAndKeepsTheTokensExpiry() throws ProviderException {
		MountRequest request = AzureTestSupport
			.workloadIdentityRequest(parameters("objectName: a\nobjectType: secret"));
		AzureCredential credential = credential(request);
		assertThat(credential.kind()).isEqualTo(AzureCredential.Kind.WORKLOAD_IDENTITY);
		assertThat(credential.clientId()).isEqualTo(CLIENT_ID);
		assertThat(credential.secret()).isEqualTo(SA_JWT);
		assertThat(credential.expiresAt()).isEqualTo(Instant.parse("2099-01-01T00:00:00Z"));
		assertThat(credential.toString()).doesNotContain(SA_JWT);
	}

	@Test
	void findsTheTokensAmongTheSecretsOnNewerKubelets() throws ProviderException {
		Map<String, String> attributes = parameters("objectName: a\nobjectType: secret");
		attributes.put("clientID", CLIENT_ID);
		String tokens = AzureTestSupport.podContext(SA_JWT).get(MountRequest.SERVICE_ACCOUNT_TOKENS);
		MountRequest request = new MountRequest(attributes, Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, tokens),
				"/target", 0644, List.of());
		assertThat(credential(request).kind()).isEqualTo(AzureCredential.Kind.WORKLOAD_IDENTITY);
	}

	@Test
	void fallsBackToTheServicePrincipalWithKeysOfAnyCase() throws ProviderException {
		Map<String, String> attributes = new HashMap<>(parameters("objectName: a\nobjectType: secret"));
		attributes.put("clientID", CLIENT_ID);
		MountRequest request = new MountRequest(attributes, Map.of("ClientID", "sp", "CLIENTSECRET", "shh"), "/target",
				0644, List.of());
		AzureCredential credential = credential(request);
		assertThat(credential.kind()).isEqualTo(AzureCredential.Kind.SERVICE_PRINCIPAL);
		assertThat(credential.clientId()).isEqualTo("sp");
		assertThat(credential.toString()).doesNotContain("shh");
	}

	@Test
	void refusesTokensThatAreNotJsonWithoutQuotingThem() {
		Map<String, String> attributes = parameters("objectName: a\nobjectType: secret");
		attributes.put("clientID", CLIENT_ID);
		attributes.put(MountRequest.SERVICE_ACCOUNT_TOKENS, "not-json " + SA_JWT);
		ProviderException ex = catchThrowableOfType(ProviderException.class,
				() -> credential(new MountRequest(attributes, Map.of(), "/target", 0644, List.of())));
		assertThat(ex.reason()).isEqualTo(Reason.INVALID_PARAMETERS);
		assertThat(ex.getMessage())
			.isEqualTo(MountRequest.SERVICE_ACCOUNT_TOKENS + " is not a JSON object of audiences");
	}

	private static AzureCredential credential(MountRequest request) throws ProviderException {
		return AzureCredential.of(AzureParameters.parse(request.attributes()), request);
	}

}
