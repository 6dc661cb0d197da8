package dev.secretsstore.provider.aws;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.secretsstore.provider.ServiceAccounts;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.RetryableProviderException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that AWS failures reach the driver as the right kind: missing, denied, throttled
 * or down, and anything else with the service's own message; throttling is retried by the
 * SDK before it is reported.
 */
class ErrorMappingTests {

	@RegisterExtension
	static final WireMockExtension server = AwsTestSupport.wireMock();

	private static final String SECRET = "- {objectName: db, objectType: secretsmanager}";

	private final AwsStubs stubs = new AwsStubs(server);

	@TempDir
	Path target;

	@BeforeEach
	void setUp() {
		this.stubs.sts("ASIAIRSAEXAMPLE", Instant.now().plusSeconds(3600));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"400|ResourceNotFoundException|Secrets Manager can't find the specified secret.|NOT_FOUND",
			"400|AccessDeniedException|User is not authorized to perform secretsmanager:GetSecretValue|PERMISSION_DENIED",
			"400|UnrecognizedClientException|The security token included in the request is invalid.|PERMISSION_DENIED",
			"400|ExpiredTokenException|The security token included in the request is expired|PERMISSION_DENIED",
			"400|DecryptionFailure|Secrets Manager can't decrypt the protected secret text using the provided KMS key.|FAILED",
			"400|InvalidRequestException|You can't perform this operation on a secret that's scheduled for deletion.|FAILED" })
	void finalFailuresKeepTheServicesMessageAndCode(int status, String type, String message, Reason reason) {
		this.stubs.error(AwsStubs.GET_SECRET_VALUE, status, type, message);
		try (AwsSecretProvider provider = provider(1)) {
			assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> provider.mount(request()))
				.matches((ex) -> ex.reason() == reason && !ex.isRetryable(), reason.toString())
				.matches((ex) -> ex.errorCode().equals(type), "error code " + type)
				.withMessageStartingWith("fetching secret db in us-east-1 failed: " + message + " (" + type + ")");
		}
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).hasSize(1);
	}

	@ParameterizedTest
	@CsvSource({ "400,ThrottlingException", "429,TooManyRequestsException", "500,InternalServiceError",
			"503,ServiceUnavailable" })
	void transientFailuresAreRetryable(int status, String type) {
		this.stubs.error(AwsStubs.GET_SECRET_VALUE, status, type, "Rate exceeded");
		try (AwsSecretProvider provider = provider(1)) {
			assertThatExceptionOfType(RetryableProviderException.class).isThrownBy(() -> provider.mount(request()))
				.matches((ex) -> ex.reason() == Reason.UNAVAILABLE, "UNAVAILABLE")
				.matches((ex) -> ex.isThrottled() == (status < 500), "throttled only for throttling")
				.withMessageContaining("fetching secret db in us-east-1 failed: Rate exceeded");
		}
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).as("retries are off").hasSize(1);
	}

	@Test
	void theSdkRetriesThrottlingBeforeReportingIt() {
		this.stubs.error(AwsStubs.GET_SECRET_VALUE, 400, "ThrottlingException", "Rate exceeded");
		try (AwsSecretProvider provider = provider(2)) {
			assertThatExceptionOfType(RetryableProviderException.class).isThrownBy(() -> provider.mount(request()));
		}
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).hasSize(2);
	}

	@Test
	void aThrottledCallThatSucceedsOnRetryMounts() throws ProviderException {
		server.stubFor(AwsStubs.call(AwsStubs.GET_SECRET_VALUE)
			.inScenario("throttle")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(AwsStubs.json(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"))
			.willSetStateTo("recovered"));
		server.stubFor(AwsStubs.call(AwsStubs.GET_SECRET_VALUE)
			.inScenario("throttle")
			.whenScenarioStateIs("recovered")
			.willReturn(AwsStubs.json(200, "{\"Name\":\"db\",\"VersionId\":\"v-1\",\"SecretString\":\"pw\"}")));
		try (AwsSecretProvider provider = provider(2)) {
			assertThat(provider.mount(request()).files()).extracting(AwsTestSupport::text).containsExactly("pw");
		}
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).hasSize(2);
	}

	@Test
	void anUnreachableServiceIsRetryable() throws IOException {
		AwsProviderProperties base = AwsTestSupport.properties(server, 1);
		URI closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
		}
		try (AwsSecretProvider provider = new AwsSecretProvider(
				new AwsProviderProperties(true, null, closed, closed, base.stsEndpoint(), null, null,
						AwsTestSupport.ROLE_ARN, Duration.ofSeconds(2), Duration.ofSeconds(5), null, 1),
				ServiceAccounts.NONE, (name) -> null)) {
			assertThatExceptionOfType(RetryableProviderException.class).isThrownBy(() -> provider.mount(request()))
				.withMessageStartingWith("fetching secret db in us-east-1 failed: ");
		}
	}

	@Test
	void anUnavailableStsIsRetryableAndAskedOncePerMount() {
		this.stubs.stsError(503, "ServiceUnavailable", "Service is unavailable");
		MountRequest twoSecrets = AwsTestSupport.request(SECRET + "\n- {objectName: db2, objectType: secretsmanager}",
				this.target);
		try (AwsSecretProvider provider = provider(1)) {
			assertThatExceptionOfType(RetryableProviderException.class).isThrownBy(() -> provider.mount(twoSecrets))
				.withMessageContaining("with the pod's token (IRSA) in us-east-1 failed: Service is unavailable");
		}
		assertThat(this.stubs.stsRequests()).hasSize(1);
	}

	@Test
	void messagesNeverCarrySecretValues() {
		this.stubs.secret("db", "v-1", "hunter2");
		MountRequest request = AwsTestSupport.request(
				"- {objectName: db, objectType: secretsmanager, jmesPath: [{path: k, objectAlias: k}]}", this.target);
		try (AwsSecretProvider provider = provider(1)) {
			assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> provider.mount(request))
				.withMessageNotContaining("hunter2");
		}
	}

	private MountRequest request() {
		return AwsTestSupport.request(SECRET, this.target);
	}

	private static AwsSecretProvider provider(Integer maxAttempts) {
		return new AwsSecretProvider(AwsTestSupport.properties(server, maxAttempts), ServiceAccounts.NONE,
				(name) -> null);
	}

}
