package dev.secretsstore.provider.aws;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.SecretFile;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for SSM parameters against a WireMock SSM: batches of ten, decryption, version
 * and label selectors.
 */
class ParameterStoreMountTests extends IrsaProviderTests {

	@Test
	void fetchesTwelveParametersInTwoDecryptedBatches() throws ProviderException {
		List<String> names = IntStream.rangeClosed(1, 12).mapToObj((i) -> "/app/p" + i).toList();
		stubParameters(names.subList(0, 10), names.subList(0, 10));
		stubParameters(names.subList(10, 12), names.subList(10, 12));
		String objects = names.stream()
			.map((name) -> "- {objectName: " + name + ", objectType: ssmparameter}")
			.collect(Collectors.joining("\n"));
		MountResponse response = this.provider.mount(AwsTestSupport.request(objects, this.target));
		assertThat(response.files()).hasSize(12).first().satisfies((file) -> {
			assertThat(file.path()).isEqualTo("_app_p1");
			assertThat(AwsTestSupport.text(file)).isEqualTo("value of /app/p1");
		});
		assertThat(response.objectVersions()).contains(new ObjectVersion("_app_p12", "4"));
		assertThat(this.stubs.requests(AwsStubs.GET_PARAMETERS))
			.extracting((request) -> JsonParser.parseString(request.getBodyAsString())
				.getAsJsonObject()
				.get("Names")
				.getAsJsonArray()
				.size())
			.containsExactly(10, 2);
		assertThat(this.stubs.requests(AwsStubs.GET_PARAMETERS))
			.allSatisfy((request) -> assertThat(JsonParser.parseString(request.getBodyAsString())
				.getAsJsonObject()
				.get("WithDecryption")
				.getAsBoolean()).isTrue());
	}

	@Test
	void asksForVersionsAndLabelsWithSelectors() throws ProviderException {
		server.stubFor(AwsStubs.call(AwsStubs.GET_PARAMETERS)
			.withRequestBody(
					equalToJson("{\"Names\":[\"/db/host:3\",\"/db/port:blue\",\"/db/port\"],\"WithDecryption\":true}"))
			.willReturn(AwsStubs.json(200, "{\"Parameters\":["
					+ "{\"Name\":\"/db/port\",\"Value\":\"5432\",\"Version\":9,\"Selector\":\":blue\",\"Type\":\"String\"},"
					+ "{\"Name\":\"/db/host\",\"Value\":\"db3\",\"Version\":3,\"Selector\":\":3\",\"Type\":\"String\"},"
					+ "{\"Name\":\"/db/port\",\"Value\":\"6543\",\"Version\":11,\"Type\":\"String\"}],\"InvalidParameters\":[]}")));
		MountResponse response = this.provider.mount(AwsTestSupport.request("""
				- {objectName: /db/host, objectType: ssmparameter, objectVersion: "3"}
				- {objectName: /db/port, objectType: ssmparameter, objectVersionLabel: blue, objectAlias: port-blue}
				- {objectName: /db/port, objectType: ssmparameter, objectAlias: port, filePermission: "0600"}
				""", this.target));
		assertThat(response.files()).extracting(SecretFile::path, SecretFile::mode, AwsTestSupport::text)
			.containsExactly(tuple("_db_host", 0644, "db3"), tuple("port-blue", 0644, "5432"),
					tuple("port", 0600, "6543"));
		assertThat(response.objectVersions()).containsExactly(new ObjectVersion("_db_host", "3"),
				new ObjectVersion("port-blue", "9"), new ObjectVersion("port", "11"));
	}

	@Test
	void mountsSecretsAndParametersInDeclarationOrder() throws ProviderException {
		this.stubs.secret("db", "v-1", "pw");
		stubParameters(List.of("/app/url"), List.of("/app/url"));
		MountResponse response = this.provider.mount(AwsTestSupport.request("""
				- {objectName: /app/url, objectType: ssmparameter}
				- {objectName: db, objectType: secretsmanager}
				""", this.target));
		assertThat(response.files()).extracting(SecretFile::path).containsExactly("_app_url", "db");
	}

	@Test
	void invalidParametersAreNotFound() {
		server.stubFor(AwsStubs.call(AwsStubs.GET_PARAMETERS)
			.willReturn(AwsStubs.json(200,
					"{\"Parameters\":[{\"Name\":\"/a\",\"Value\":\"x\",\"Version\":1}],\"InvalidParameters\":[\"/missing\",\"/missing\"]}")));
		assertThatExceptionOfType(ProviderException.class)
			.isThrownBy(() -> this.provider.mount(AwsTestSupport.request(
					"- {objectName: /a, objectType: ssmparameter}\n- {objectName: /missing, objectType: ssmparameter}",
					this.target)))
			.matches((ex) -> ex.reason() == Reason.NOT_FOUND, "NOT_FOUND")
			.withMessage("us-east-1: invalid parameters: /missing");
	}

	private static void stubParameters(List<String> asked, List<String> answered) {
		JsonArray parameters = new JsonArray();
		for (String name : answered) {
			JsonObject parameter = new JsonObject();
			parameter.addProperty("Name", name);
			parameter.addProperty("Type", "SecureString");
			parameter.addProperty("Value", "value of " + name);
			parameter.addProperty("Version", 4);
			parameter.addProperty("ARN", "arn:aws:ssm:us-east-1:111122223333:parameter" + name);
			parameters.add(parameter);
		}
		JsonArray names = new JsonArray();
		asked.forEach(names::add);
		server.stubFor(AwsStubs.call(AwsStubs.GET_PARAMETERS)
			.withRequestBody(equalToJson("{\"Names\":" + names + ",\"WithDecryption\":true}"))
			.willReturn(AwsStubs.json(200, "{\"Parameters\":" + parameters + ",\"InvalidParameters\":[]}")));
	}

}
