package dev.secretsstore.provider.aws.objects;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests that {@link AwsParameters#parse} refuses what the Go provider refuses, and the
 * few things it lets through that would break a mount, naming the parameter at fault.
 */
class AwsParameterValidationTests {

	private static final String SM = "objectType: secretsmanager";

	static Stream<Arguments> invalidObjects() {
		return Stream.of(arguments("- objectType: secretsmanager", "objects[0]: Object name must be specified"),
				arguments("- objectName: a", "objects[0] (a): Must use objectType when a full ARN is not specified"),
				arguments("- {objectName: a, objectType: ssm}", "Invalid objectType: ssm"),
				arguments("- {objectName: a, objectType: s3}", "Invalid objectType: s3"),
				arguments("- objectName: arn:aws:secretsmanager:us-west-2:1:secret:a",
						"ARN region must match region us-east-1"),
				arguments("- objectName: arn:aws:secretsmanager:us-east-1", "Invalid ARN format in object name"),
				arguments("- objectName: arn:aws:s3:us-east-1:1:bucket", "Invalid service in ARN: s3"),
				arguments("- {objectName: 'arn:aws:ssm:us-east-1:1:parameter/a', " + SM + "}",
						"objectType does not match ARN"),
				arguments("- {objectName: a, objectType: ssmparameter, objectVersion: '1', objectVersionLabel: x}",
						"ssm parameters can not specify both objectVersion and objectVersionLabel"),
				arguments("- {objectName: a, " + SM + ", filePermission: '600'}",
						"objects[0] (a).filePermission: Invalid File Permission: 600"),
				arguments("- {objectName: a, " + SM + ", filePermission: '0800'}", "Invalid File Permission: 0800"),
				arguments("- {objectName: a, " + SM + ", filePermission: '4755'}",
						"file permission 4755 is not supported"),
				arguments("- {objectName: a, " + SM + ", filePermission: '0000'}",
						"file permission 0000 is not supported"),
				arguments("- {objectName: a, " + SM + ", jmesPath: [{objectAlias: b}]}",
						"jmesPath[0]: Path must be specified for JMES object"),
				arguments("- {objectName: a, " + SM + ", jmesPath: [{path: b}]}",
						"jmesPath[0]: Object alias must be specified for JMES object"),
				arguments("- {objectName: a, " + SM + ", jmesPath: [{path: 'a[', objectAlias: b}]}",
						"Invalid JMES Path: a["),
				arguments("- {objectName: a, " + SM + ", jmesPath: [{path: b, objectAlias: b, filePermission: '9'}]}",
						"jmesPath[0].filePermission: Invalid File Permission: 9"),
				arguments("- {objectName: a, " + SM + ", jmesPath: x}", "objects[0] (a).jmesPath must be a list"),
				arguments("- {objectName: a, " + SM + ", failoverObject: {objectName: b}}",
						"object alias must be specified for objects with failover entries"),
				arguments("- {objectName: a, " + SM + ", objectAlias: a, failoverObject: {objectName: b}}",
						"failover object allowed only when failover region is defined"),
				arguments("- {objectName: a, " + SM + ", objectAlias: '../x'}",
						"objects[0] (a): file path '.._x' starts with '..'"),
				arguments("- {objectName: a, " + SM + "}\n- {objectName: a, " + SM + "}",
						"objects[1] (a): found descriptor with duplicate object name a, no object alias, and no version label"),
				arguments(
						"- {objectName: a, " + SM + ", objectAlias: x}\n- {objectName: a, " + SM + ", objectAlias: x}",
						"duplicate object alias x, and no version label"),
				arguments("- {objectName: a, " + SM + ", objectVersionLabel: L}\n- {objectName: a, " + SM
						+ ", objectVersionLabel: L}", "no object alias, and duplicate version label L"),
				arguments(
						"- {objectName: a, " + SM + ", objectAlias: x, objectVersionLabel: L}\n" + "- {objectName: a, "
								+ SM + ", objectAlias: x, objectVersionLabel: L}",
						"duplicate object alias x, and duplicate version label L"),
				arguments(
						"- {objectName: a, " + SM + ", objectAlias: x}\n- {objectName: b, " + SM + ", objectAlias: x}",
						"objects[1] (b): found duplicate object alias x"),
				arguments(
						"- {objectName: a, " + SM + ", objectAlias: x}\n- {objectName: b, " + SM
								+ ", jmesPath: [{path: k, objectAlias: x}]}",
						"Name already in use for objectAlias: found duplicate object alias x"),
				arguments("- {objectName: a, " + SM + ", objectVersionLabel: L1}\n- {objectName: a, " + SM
						+ ", objectVersionLabel: L2}", "file name a clashes with file a of another entry"),
				arguments("- {objectName: a, objectType: secretsmanager, objectType: ssmparameter}",
						"objects sets a field twice (line 1"),
				arguments("- {objectName: a, objectType: secretsmanager, objecttype: ssmparameter}",
						"sets objecttype twice"),
				arguments("objectName: a", "objects must be a YAML list of objects"),
				arguments("- a\n- b", "objects[0] must be a map of fields"),
				arguments("- {objectName: a, " + SM + "}\n-", "objects[1] is empty"),
				arguments("- {objectName: [a], " + SM + "}", "objects[0].objectName must be a single value"),
				arguments("- {objectName: 'secret: value\n", "objects is not valid YAML (line"),
				arguments("", "objects is empty"));
	}

	@ParameterizedTest
	@MethodSource("invalidObjects")
	void refusesInvalidObjects(String objects, String message) {
		assertInvalid(Map.of("objects", objects), "us-east-1", message);
	}

	static Stream<Arguments> invalidParameters() {
		return Stream.of(
				arguments(Map.of("region", ""), "region is not set: set the SecretProviderClass parameter region"),
				arguments(Map.of("region", "us-east-1.evil.example"),
						"region 'us-east-1.evil.example' is not a region name"),
				arguments(Map.of("failoverRegion", "us-east-1"),
						"us-east-1: failover region cannot be the same as the primary"),
				arguments(Map.of("failoverRegion", "US_EAST_2"), "failoverRegion 'US_EAST_2' is not a region name"),
				arguments(Map.of("pathTranslation", "__"),
						"pathTranslation must be either 'False' or a single character"),
				arguments(Map.of("pathTranslation", "é"),
						"pathTranslation must be either 'False' or a single character"),
				arguments(Map.of("usePodIdentity", "yes"), "failed to parse usePodIdentity value 'yes'"));
	}

	@ParameterizedTest
	@MethodSource("invalidParameters")
	void refusesInvalidParameters(Map<String, String> parameters, String message) {
		Map<String, String> attributes = new HashMap<>(
				Map.of("objects", "- {objectName: a, " + SM + "}", "region", "us-east-1"));
		attributes.putAll(parameters);
		attributes.values().removeIf(String::isEmpty);
		assertInvalid(attributes, null, message);
	}

	@Test
	void checksFailoverArnsAgainstTheFailoverRegion() {
		assertInvalid(Map.of("region", "us-east-1", "failoverRegion", "us-east-2", "objects", """
				- objectName: arn:aws:secretsmanager:us-east-1:1:secret:a
				  objectAlias: a
				  failoverObject:
				    objectName: arn:aws:secretsmanager:us-west-1:1:secret:a
				"""), null, "ARN region must match region us-east-2");
		assertInvalid(Map.of("region", "us-east-1", "failoverRegion", "us-east-2", "objects", """
				- objectName: arn:aws:secretsmanager:us-east-1:1:secret:a
				  objectAlias: a
				  failoverObject:
				    objectName: a
				"""), null, "Must use objectType when a full ARN is not specified");
	}

	@Test
	void checksFailoverVersions() {
		assertInvalid(
				Map.of("region", "us-east-1", "failoverRegion", "us-east-2", "objects",
						"- {objectName: a, " + SM
								+ ", objectAlias: x, objectVersion: v1, failoverObject: {objectName: b}}"),
				null, "object versions must match between primary and failover regions");
	}

	static Stream<Arguments> invalidUntranslatedPaths() {
		return Stream.of(arguments("- {objectName: a/../b, " + SM + "}", "path can not contain ../"),
				arguments("- {objectName: a, " + SM + ", objectAlias: x/../y}", "path can not contain ../"),
				arguments("- {objectName: '..', " + SM + "}", "file path '..' starts with '..'"),
				arguments("- {objectName: a, " + SM + ", jmesPath: [{path: k, objectAlias: ../k}]}",
						"jmesPath[0]: file path '../k' starts with '..'"),
				arguments("- {objectName: a//b, " + SM + "}", "is not clean"),
				arguments("- {objectName: a, " + SM + "}\n- {objectName: a/b, " + SM + "}",
						"file name a/b clashes with file a of another entry"));
	}

	@ParameterizedTest
	@MethodSource("invalidUntranslatedPaths")
	void refusesUnsafePathsWhenTranslationIsOff(String objects, String message) {
		assertInvalid(Map.of("objects", objects, "pathTranslation", "False"), "us-east-1", message);
	}

	@Test
	void neverQuotesTheYamlItCannotRead() {
		assertInvalid(Map.of("region", "us-east-1", "objects", "- objectName: \"hunter2\n  objectType: [\n"), null,
				"not valid YAML", "hunter2");
	}

	private static void assertInvalid(Map<String, String> attributes, String defaultRegion, String message,
			String... absent) {
		assertThatExceptionOfType(ProviderException.class)
			.isThrownBy(() -> AwsParameters.parse(attributes, defaultRegion))
			.matches((ex) -> ex.reason() == Reason.INVALID_PARAMETERS, "INVALID_PARAMETERS")
			.matches((ex) -> ex.errorCode().equals("InvalidParameters"), "error code InvalidParameters")
			.withMessageContaining(message)
			.satisfies((ex) -> {
				for (String text : absent) {
					assertThat(ex.getMessage()).doesNotContain(text);
				}
			});
	}

}
