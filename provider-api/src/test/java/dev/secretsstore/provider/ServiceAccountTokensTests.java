package dev.secretsstore.provider;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.ServiceAccountTokens.ServiceAccountToken;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServiceAccountTokensTests {

	private static final String TOKENS = """
			{"vault":{"token":"jwt-v","expirationTimestamp":"2030-01-01T00:00:00Z"},
			 "aws":{"token":"jwt-a"},"empty":{"token":""},"odd":"not an object"}""";

	@Test
	void readsTheTokensByAudienceWithTheirExpiry() {
		Map<String, ServiceAccountToken> tokens = ServiceAccountTokens.parse(TOKENS);
		assertThat(tokens).containsOnlyKeys("vault", "aws");
		assertThat(tokens.get("vault"))
			.isEqualTo(new ServiceAccountToken("jwt-v", Instant.parse("2030-01-01T00:00:00Z")));
		assertThat(tokens.get("aws").expiresAt()).isNull();
		assertThat(tokens.get("vault").toString()).doesNotContain("jwt-v");
		assertThat(ServiceAccountTokens.parse("")).isEmpty();
		assertThat(ServiceAccountTokens.parse(null)).isEmpty();
	}

	@Test
	void findsThemInTheAttributesOrElseInTheSecrets() {
		MountRequest inAttributes = new MountRequest(Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, TOKENS), Map.of(),
				"/t", 0644, List.of());
		MountRequest inSecrets = new MountRequest(Map.of(), Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, TOKENS), "/t",
				0644, List.of());
		assertThat(ServiceAccountTokens.of(inAttributes)).containsKey("vault");
		assertThat(ServiceAccountTokens.of(inSecrets)).containsKey("vault");
	}

	@Test
	void refusesWhatIsNotAnObjectOfAudiencesWithoutQuotingIt() {
		for (String bad : new String[] { "[]", "{\"vault\":", "jwt-secret", "{'vault':{}}" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> ServiceAccountTokens.parse(bad))
				.withMessage("is not a JSON object of audiences");
		}
	}

}
