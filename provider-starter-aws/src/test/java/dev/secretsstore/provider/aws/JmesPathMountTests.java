package dev.secretsstore.provider.aws;

import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.SecretFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@code jmesPath} entries: keys of JSON secrets mounted as files of their own,
 * versioned as their secret.
 */
class JmesPathMountTests extends IrsaProviderTests {

	@Test
	void mountsTheReadmeExamples() throws ProviderException {
		this.stubs.secret("MySecret", "v-1", "{\"username\":\"memeuser\", \"password\":\"hunter2\"}");
		this.stubs.secret("MyHyphenatedSecret", "v-2", "{\"hyphenated-path\":\"dashes\"}");
		Map<String, String> parameters = AwsTestSupport.spcParameters("jmespath.yaml");
		MountResponse response = this.provider.mount(AwsTestSupport.request(parameters.get("objects"), this.target));
		assertThat(response.files()).extracting(SecretFile::path, AwsTestSupport::text)
			.containsExactly(tuple("MySecret", "{\"username\":\"memeuser\", \"password\":\"hunter2\"}"),
					tuple("MySecretUsername", "memeuser"), tuple("MySecretPassword", "hunter2"),
					tuple("MyHyphenatedSecret", "{\"hyphenated-path\":\"dashes\"}"),
					tuple("\"hyphenated-alias\"", "dashes"));
		assertThat(response.objectVersions()).containsExactly(new ObjectVersion("MySecret", "v-1"),
				new ObjectVersion("MySecretUsername", "v-1"), new ObjectVersion("MySecretPassword", "v-1"),
				new ObjectVersion("MyHyphenatedSecret", "v-2"), new ObjectVersion("\"hyphenated-alias\"", "v-2"));
	}

	@Test
	void entriesTakeTheirOwnModeOrTheirSecretsMode() throws ProviderException {
		this.stubs.secret("app", "v-1", "{\"db\":{\"user\":\"u\",\"password\":\"p\"}}");
		MountResponse response = this.provider.mount(AwsTestSupport.request("""
				- objectName: app
				  objectType: secretsmanager
				  filePermission: "0440"
				  jmesPath:
				    - {path: db.user, objectAlias: user}
				    - {path: db.password, objectAlias: password, filePermission: "0400"}
				""", this.target));
		assertThat(response.files()).extracting(SecretFile::path, SecretFile::mode, AwsTestSupport::text)
			.containsExactly(tuple("app", 0440, "{\"db\":{\"user\":\"u\",\"password\":\"p\"}}"),
					tuple("user", 0440, "u"), tuple("password", 0400, "p"));
	}

	@Test
	void entriesOfAnUnchangedSecretComeFromItsMountedFile() throws ProviderException {
		this.stubs.describe("app", Map.of("v-1", List.of("AWSCURRENT")));
		AwsTestSupport.mounted(this.target, Map.of("app", "{\"user\":\"mounted\"}", "user", "mounted"));
		MountRequest request = AwsTestSupport.request(
				"- {objectName: app, objectType: secretsmanager, jmesPath: [{path: user, objectAlias: user}]}",
				Map.of(), this.target, List.of(new ObjectVersion("app", "v-1"), new ObjectVersion("user", "v-1")));
		assertThat(this.provider.mount(request).files()).extracting(AwsTestSupport::text)
			.containsExactly("{\"user\":\"mounted\"}", "mounted");
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"{\"user\":{\"name\":\"x\"}}|user|Invalid JMES search result type for path: user of object app. Only string is allowed.",
			"{\"user\":7}|user|Invalid JMES search result type for path: user of object app. Only string is allowed.",
			"{\"other\":\"x\"}|user|JMES Path - user for object alias - f does not point to a valid object in secret app",
			"not json: hunter2|user|Invalid JSON used with jmesPath in secret: app",
			"{\"user\":\"x\"} trailing hunter2|user|Invalid JSON used with jmesPath in secret: app" })
	void refusesSecretsThatDoNotFitTheirPaths(String secret, String path, String message) {
		this.stubs.secret("app", "v-1", secret);
		MountRequest request = AwsTestSupport.request(
				"- {objectName: app, objectType: secretsmanager, jmesPath: [{path: " + path + ", objectAlias: f}]}",
				this.target);
		assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> this.provider.mount(request))
			.matches((ex) -> ex.reason() == Reason.INVALID_PARAMETERS, "INVALID_PARAMETERS")
			.matches((ex) -> ex.errorCode().equals("JmesPathFailed"), "error code JmesPathFailed")
			.withMessage(message)
			.withMessageNotContaining("hunter2");
	}

}
