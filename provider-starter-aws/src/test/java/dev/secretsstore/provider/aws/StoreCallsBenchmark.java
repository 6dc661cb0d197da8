package dev.secretsstore.provider.aws;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.ServiceAccounts;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * What rotation costs Secrets Manager with the Go provider's cheap check (issue 12 §5):
 * calls by operation and response bytes per pass, for volumes whose secrets do not
 * change, served by WireMock with the shapes of the service's documented answers
 * ({@code GetSecretValue} and {@code DescribeSecret} as in the AWS CLI reference). The
 * first mount reads every value; a rotation sends the versions held, so the provider asks
 * {@code DescribeSecret} and reads the mounted file back. Not a test: it prints figures.
 * Arguments: volumes, secrets per volume, bytes per secret value, passes.
 *
 * <pre>
 * mvn -q -B exec:java -pl provider-starter-aws -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.secretsstore.provider.aws.StoreCallsBenchmark -Dexec.args="100 10 40 2"
 * </pre>
 */
public final class StoreCallsBenchmark {

	private static final String VERSION = "EXAMPLE2-90ab-cdef-fedc-ba987EXAMPLE";

	private StoreCallsBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int volumes = argument(args, 0, 100);
		int secrets = argument(args, 1, 10);
		int size = argument(args, 2, 40);
		int passes = argument(args, 3, 2);
		WireMockServer aws = new WireMockServer(options().dynamicPort());
		aws.start();
		AwsStubs stubs = new AwsStubs(aws);
		stubs.sts("ASIAIRSAEXAMPLE", Instant.now().plusSeconds(3600));
		StringBuilder objects = new StringBuilder();
		for (int i = 0; i < secrets; i++) {
			String name = "bench/s" + i;
			aws.stubFor(AwsStubs.call(AwsStubs.GET_SECRET_VALUE)
				.withRequestBody(matchingJsonPath("$.SecretId", equalTo(name)))
				.willReturn(AwsStubs.json(200, value(name, "x".repeat(size)))));
			aws.stubFor(AwsStubs.call(AwsStubs.DESCRIBE_SECRET)
				.withRequestBody(matchingJsonPath("$.SecretId", equalTo(name)))
				.willReturn(AwsStubs.json(200, description(name))));
			objects.append("- {objectName: \"").append(name).append("\", objectType: secretsmanager}\n");
		}
		URI base = URI.create(aws.baseUrl());
		AwsSecretProvider provider = new AwsSecretProvider(
				new AwsProviderProperties(true, null, base, base, base, base, base, AwsTestSupport.ROLE_ARN,
						Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(2), 1),
				ServiceAccounts.NONE, (name) -> null);
		try {
			System.out.printf("%d volumes x %d Secrets Manager secrets of %d bytes, nothing changes between passes%n",
					volumes, secrets, size);
			System.out.println("| Pass | GetSecretValue | DescribeSecret | Response bytes |");
			System.out.println("|---|---|---|---|");
			Path root = Files.createTempDirectory("store-calls");
			List<List<ObjectVersion>> held = new ArrayList<>();
			for (int v = 0; v < volumes; v++) {
				held.add(List.of());
				Files.createDirectories(root.resolve("v" + v));
			}
			for (int pass = 0; pass <= passes; pass++) {
				aws.resetRequests();
				for (int v = 0; v < volumes; v++) {
					Path target = root.resolve("v" + v);
					MountResponse response = provider
						.mount(AwsTestSupport.request(objects.toString(), Map.of(), target, held.get(v)));
					for (SecretFile file : response.files()) {
						Files.write(target.resolve(file.path()), file.contents());
					}
					held.set(v, response.objectVersions());
				}
				System.out.printf("| %s | %d | %d | %,d |%n", (pass == 0) ? "first mount" : "rotation " + pass,
						stubs.requests(AwsStubs.GET_SECRET_VALUE).size(),
						stubs.requests(AwsStubs.DESCRIBE_SECRET).size(), responseBytes(aws));
			}
		}
		finally {
			provider.close();
			aws.stop();
		}
	}

	private static long responseBytes(WireMockServer aws) {
		return aws.getAllServeEvents()
			.stream()
			.filter((event) -> event.getRequest().containsHeader("X-Amz-Target"))
			.map(ServeEvent::getResponse)
			.mapToLong((response) -> response.getBody().length)
			.sum();
	}

	private static String value(String name, String secret) {
		return "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:111122223333:secret:" + name + "-a1b2c3\",\"Name\":\""
				+ name + "\",\"VersionId\":\"" + VERSION + "\",\"SecretString\":" + AwsStubs.quote(secret)
				+ ",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1523477145.713}";
	}

	private static String description(String name) {
		return "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:111122223333:secret:" + name + "-a1b2c3\",\"Name\":\""
				+ name + "\",\"Description\":\"My test secret\","
				+ "\"KmsKeyId\":\"arn:aws:kms:us-east-1:111122223333:key/EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE\","
				+ "\"RotationEnabled\":true,"
				+ "\"RotationLambdaARN\":\"arn:aws:lambda:us-east-1:111122223333:function:MyTestRotationLambda\","
				+ "\"RotationRules\":{\"AutomaticallyAfterDays\":14,\"Duration\":\"2h\","
				+ "\"ScheduleExpression\":\"cron(0 16 1,15 * ? *)\"},\"LastRotatedDate\":1525747253.72,"
				+ "\"LastChangedDate\":1523477145.729,\"LastAccessedDate\":1524572133.25,"
				+ "\"Tags\":[{\"Key\":\"SecondTag\",\"Value\":\"AnotherValue\"},{\"Key\":\"FirstTag\",\"Value\":\"SomeValue\"}],"
				+ "\"VersionIdsToStages\":{\"EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE\":[\"AWSPREVIOUS\"],\"" + VERSION
				+ "\":[\"AWSCURRENT\"]},\"CreatedDate\":1521534252.66}";
	}

	private static int argument(String[] args, int index, int fallback) {
		return (args.length > index) ? Integer.parseInt(args[index]) : fallback;
	}

}
