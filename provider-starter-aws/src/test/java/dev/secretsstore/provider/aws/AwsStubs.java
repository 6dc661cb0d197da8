package dev.secretsstore.provider.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.junit.Stubbing;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * WireMock stubs of the AWS wire protocols the provider speaks: JSON 1.1 keyed on
 * {@code X-Amz-Target} for Secrets Manager and SSM, the query protocol for STS, and the
 * EKS Pod Identity Agent.
 */
final class AwsStubs {

	static final String JSON_11 = "application/x-amz-json-1.1";

	static final String GET_SECRET_VALUE = "secretsmanager.GetSecretValue";

	static final String DESCRIBE_SECRET = "secretsmanager.DescribeSecret";

	static final String GET_PARAMETERS = "AmazonSSM.GetParameters";

	private final Stubbing server;

	AwsStubs(Stubbing server) {
		this.server = server;
	}

	static MappingBuilder call(String target) {
		return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target));
	}

	static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", JSON_11).withBody(body);
	}

	void secret(String secretId, String versionId, String value) {
		this.server.stubFor(call(GET_SECRET_VALUE).withRequestBody(matchingJsonPath("$.SecretId", equalTo(secretId)))
			.willReturn(json(200, "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:111122223333:secret:" + secretId
					+ "-AbCdEf\",\"Name\":\"" + secretId + "\",\"VersionId\":\"" + versionId + "\",\"SecretString\":"
					+ quote(value) + ",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7E9}")));
	}

	void describe(String secretId, Map<String, List<String>> stages) {
		String versions = stages.entrySet()
			.stream()
			.map((entry) -> quote(entry.getKey()) + ":"
					+ entry.getValue().stream().map(AwsStubs::quote).collect(Collectors.joining(",", "[", "]")))
			.collect(Collectors.joining(",", "{", "}"));
		this.server.stubFor(call(DESCRIBE_SECRET).withRequestBody(matchingJsonPath("$.SecretId", equalTo(secretId)))
			.willReturn(json(200, "{\"Name\":\"" + secretId + "\",\"VersionIdsToStages\":" + versions + "}")));
	}

	void error(String target, int status, String type, String message) {
		this.server.stubFor(
				call(target).willReturn(json(status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}")));
	}

	/**
	 * STS answers every AssumeRoleWithWebIdentity with credentials {@code accessKeyId}
	 * valid until {@code expiry}.
	 */
	void sts(String accessKeyId, Instant expiry) {
		this.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRoleWithWebIdentity"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
					<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
					  <AssumeRoleWithWebIdentityResult>
					    <Credentials>
					      <AccessKeyId>%s</AccessKeyId>
					      <SecretAccessKey>irsa-secret-key</SecretAccessKey>
					      <SessionToken>irsa-session-token</SessionToken>
					      <Expiration>%s</Expiration>
					    </Credentials>
					    <SubjectFromWebIdentityToken>system:serviceaccount:shop:web</SubjectFromWebIdentityToken>
					    <Audience>sts.amazonaws.com</Audience>
					  </AssumeRoleWithWebIdentityResult>
					  <ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata>
					</AssumeRoleWithWebIdentityResponse>""".formatted(accessKeyId, expiry))));
	}

	void stsError(int status, String code, String message) {
		this.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRoleWithWebIdentity"))
			.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody("""
					<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
					  <Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>
					  <RequestId>sts-2</RequestId>
					</ErrorResponse>""".formatted(code, message))));
	}

	/**
	 * The Pod Identity Agent under {@code prefix} (empty for the root) answers
	 * credentials {@code accessKeyId}.
	 */
	void podIdentity(String prefix, String accessKeyId, Instant expiry) {
		this.server.stubFor(get(urlEqualTo(prefix + "/v1/credentials")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"AccessKeyId\":\"" + accessKeyId + "\",\"SecretAccessKey\":\"pod-secret-key\","
					+ "\"Token\":\"pod-session-token\",\"AccountId\":\"111122223333\",\"Expiration\":\"" + expiry
					+ "\"}")));
	}

	List<LoggedRequest> requests(String target) {
		return this.server.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target)));
	}

	List<LoggedRequest> stsRequests() {
		return this.server
			.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRoleWithWebIdentity")));
	}

	static String quote(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
