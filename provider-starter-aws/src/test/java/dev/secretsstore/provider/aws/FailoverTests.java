package dev.secretsstore.provider.aws;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.RetryableProviderException;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@code failoverRegion}, telling regions apart by the SigV4 credential scope
 * of each request: the failover region (and its {@code failoverObject}) is asked only
 * when the primary region is unavailable, and a definite answer from the primary region
 * ends the matter.
 */
class FailoverTests extends IrsaProviderTests {

	private static final String PRIMARY = "arn:aws:secretsmanager:us-east-1:123456789012:secret:PrimarySecret-12345";

	private static final String FAILOVER = "arn:aws:secretsmanager:us-east-2:123456789012:secret:FailoverSecret-12345";

	@Test
	void anUnavailablePrimaryRegionFailsOverToTheFailoverObject() throws ProviderException {
		server.stubFor(in("us-east-1", AwsStubs.GET_SECRET_VALUE)
			.willReturn(AwsStubs.json(500, "{\"__type\":\"InternalServiceError\",\"message\":\"try later\"}")));
		server.stubFor(in("us-east-2", AwsStubs.GET_SECRET_VALUE)
			.withRequestBody(matchingJsonPath("$.SecretId", equalTo(FAILOVER)))
			.willReturn(AwsStubs.json(200,
					"{\"Name\":\"FailoverSecret\",\"VersionId\":\"v-east-2\",\"SecretString\":\"replica\"}")));
		MountResponse response = this.provider.mount(failoverRequest());
		assertThat(response.files()).extracting(AwsTestSupport::text).containsExactly("replica");
		assertThat(response.objectVersions()).containsExactly(new ObjectVersion("testArn", "v-east-2"));
		assertThat(this.stubs.stsRequests()).as("one token exchange per region").hasSize(2);
	}

	@Test
	void aHealthyPrimaryRegionIsTheOnlyOneAsked() throws ProviderException {
		server.stubFor(in("us-east-1", AwsStubs.GET_SECRET_VALUE).willReturn(AwsStubs.json(200,
				"{\"Name\":\"PrimarySecret\",\"VersionId\":\"v-east-1\",\"SecretString\":\"primary\"}")));
		MountResponse response = this.provider.mount(failoverRequest());
		assertThat(response.files()).extracting(AwsTestSupport::text).containsExactly("primary");
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).singleElement()
			.satisfies((request) -> assertThat(request.getHeader("Authorization")).contains("/us-east-1/"));
		assertThat(this.stubs.stsRequests()).hasSize(1);
	}

	@Test
	void aDefiniteAnswerFromThePrimaryRegionEndsTheMount() {
		server.stubFor(in("us-east-1", AwsStubs.GET_SECRET_VALUE).willReturn(AwsStubs.json(400,
				"{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}")));
		assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> this.provider.mount(failoverRequest()))
			.matches((ex) -> ex.reason() == Reason.NOT_FOUND, "NOT_FOUND");
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).hasSize(1);
	}

	@Test
	void bothRegionsUnavailableIsRetryable() {
		this.stubs.error(AwsStubs.GET_SECRET_VALUE, 503, "ServiceUnavailable", "down");
		assertThatExceptionOfType(RetryableProviderException.class)
			.isThrownBy(() -> this.provider.mount(failoverRequest()))
			.withMessageStartingWith("Failed to fetch secret " + PRIMARY + " from all regions [us-east-1, us-east-2]: "
					+ "fetching secret " + FAILOVER + " in us-east-2 failed: down");
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).hasSize(2);
	}

	@Test
	void aRegionWhoseTokenExchangeFailedIsSkippedForTheRestOfTheMount() throws ProviderException {
		// the newest matching stub wins: STS fails once, then the success stub of setUp
		// answers
		server.stubFor(post(urlEqualTo("/")).inScenario("sts")
			.whenScenarioStateIs(Scenario.STARTED)
			.withRequestBody(containing("Action=AssumeRoleWithWebIdentity"))
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("up"));
		server.stubFor(in("us-east-1", AwsStubs.GET_SECRET_VALUE)
			.willReturn(AwsStubs.json(200, "{\"Name\":\"a\",\"VersionId\":\"v-east-1\",\"SecretString\":\"east-1\"}")));
		server.stubFor(in("us-east-2", AwsStubs.GET_SECRET_VALUE)
			.willReturn(AwsStubs.json(200, "{\"Name\":\"a\",\"VersionId\":\"v-east-2\",\"SecretString\":\"east-2\"}")));
		MountResponse response = this.provider.mount(AwsTestSupport.request(
				"- {objectName: a, objectType: secretsmanager}\n- {objectName: b, objectType: secretsmanager}",
				Map.of("failoverRegion", "us-east-2"), this.target, List.of()));
		assertThat(response.files()).extracting(AwsTestSupport::text).containsExactly("east-2", "east-2");
		assertThat(this.stubs.stsRequests()).hasSize(2);
	}

	@Test
	void parametersFailOverByBatch() throws ProviderException {
		server.stubFor(in("us-east-1", AwsStubs.GET_PARAMETERS)
			.willReturn(AwsStubs.json(500, "{\"__type\":\"InternalServerError\",\"message\":\"oops\"}")));
		server.stubFor(in("us-east-2", AwsStubs.GET_PARAMETERS).willReturn(AwsStubs.json(200,
				"{\"Parameters\":[{\"Name\":\"/app/url\",\"Value\":\"https://east-2\",\"Version\":2}],\"InvalidParameters\":[]}")));
		MountResponse response = this.provider
			.mount(AwsTestSupport.request("- {objectName: /app/url, objectType: ssmparameter}",
					Map.of("failoverRegion", "us-east-2"), this.target, List.of()));
		assertThat(response.files()).extracting(AwsTestSupport::text).containsExactly("https://east-2");
	}

	private MountRequest failoverRequest() {
		Map<String, String> parameters = AwsTestSupport.spcParameters("failover.yaml");
		return AwsTestSupport.request(parameters.get("objects"), parameters, this.target, List.of());
	}

	private static MappingBuilder in(String region, String target) {
		return AwsStubs.call(target).withHeader("Authorization", containing("/" + region + "/"));
	}

}
