package dev.secretsstore.provider.aws.objects;

import java.util.HashMap;
import java.util.Map;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.aws.AwsTestSupport;
import dev.secretsstore.provider.aws.objects.AwsParameters.AddressType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link AwsParameters#parse} on valid input: the Go provider's published
 * SecretProviderClasses, file names, modes, regions and authentication switches.
 */
class AwsParametersTests {

	@Test
	void parsesTheIrsaExample() throws ProviderException {
		AwsParameters parameters = AwsParameters.parse(AwsTestSupport.spcParameters("irsa.yaml"), "eu-west-1");
		assertThat(parameters.region()).isEqualTo("eu-west-1");
		assertThat(parameters.regions()).containsExactly("eu-west-1");
		assertThat(parameters.usePodIdentity()).isFalse();
		assertThat(parameters.pathTranslation()).isEqualTo("_");
		assertThat(parameters.objects()).singleElement().satisfies((object) -> {
			assertThat(object.objectName()).isEqualTo("MySecret");
			assertThat(object.objectType()).isEqualTo(ObjectType.SECRETS_MANAGER);
			assertThat(object.fileName()).isEqualTo("MySecret");
			assertThat(object.filePermission()).isNull();
			assertThat(object.failoverObject()).isEqualTo(FailoverObject.NONE);
		});
	}

	@Test
	void parsesThePodIdentityExample() throws ProviderException {
		AwsParameters parameters = AwsParameters.parse(AwsTestSupport.spcParameters("pod-identity.yaml"), "us-east-1");
		assertThat(parameters.usePodIdentity()).isTrue();
		assertThat(parameters.preferredAddressType()).isEqualTo(AddressType.AUTO);
		assertThat(parameters.objects()).extracting(AwsObject::fileName).containsExactly("MySecret");
	}

	@Test
	void parsesTheJmesPathExamples() throws ProviderException {
		AwsParameters parameters = AwsParameters.parse(AwsTestSupport.spcParameters("jmespath.yaml"), "us-east-1");
		assertThat(parameters.objects().get(0).jmesPath()).extracting(JmesPathEntry::path, JmesPathEntry::fileName)
			.containsExactly(tuple("username", "MySecretUsername"), tuple("password", "MySecretPassword"));
		assertThat(parameters.objects().get(1).jmesPath()).extracting(JmesPathEntry::path, JmesPathEntry::fileName)
			.containsExactly(tuple("\"hyphenated-path\"", "\"hyphenated-alias\""));
	}

	@Test
	void parsesTheFailoverExample() throws ProviderException {
		AwsParameters parameters = AwsParameters.parse(AwsTestSupport.spcParameters("failover.yaml"), null);
		assertThat(parameters.regions()).containsExactly("us-east-1", "us-east-2");
		AwsObject object = parameters.objects().get(0);
		assertThat(object.objectType()).isEqualTo(ObjectType.SECRETS_MANAGER);
		assertThat(object.fileName()).isEqualTo("testArn");
		assertThat(object.nameIn(false)).endsWith(":secret:PrimarySecret-12345");
		assertThat(object.nameIn(true))
			.isEqualTo("arn:aws:secretsmanager:us-east-2:123456789012:secret:FailoverSecret-12345");
	}

	@Test
	void parsesTheIntegrationTestClassWithCapitalisedKeys() throws ProviderException {
		AwsParameters parameters = AwsParameters.parse(AwsTestSupport.spcParameters("basic-test-mount.yaml"), null);
		assertThat(parameters.regions()).containsExactly("us-west-2", "us-east-2");
		assertThat(parameters.objects()).extracting(AwsObject::fileName, AwsObject::objectType)
			.containsExactly(tuple("ParameterStoreTest1", ObjectType.SSM_PARAMETER),
					tuple("ParameterStoreTest2", ObjectType.SSM_PARAMETER),
					tuple("ParameterStoreRotationTest", ObjectType.SSM_PARAMETER),
					tuple("SecretsManagerRotationTest", ObjectType.SECRETS_MANAGER),
					tuple("SecretsManagerTest1", ObjectType.SECRETS_MANAGER),
					tuple("SecretsManagerTest2", ObjectType.SECRETS_MANAGER),
					tuple("SecretsManagerSync", ObjectType.SECRETS_MANAGER), tuple("jsonSsm", ObjectType.SSM_PARAMETER),
					tuple("secretsManagerJson", ObjectType.SECRETS_MANAGER));
		assertThat(parameters.objects().get(7).jmesPath()).extracting(JmesPathEntry::fileName)
			.containsExactly("ssmUsername", "ssmPassword");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "''|My/Path/Secret|My_Path_Secret", "-|My/Path/Secret|My-Path-Secret",
			"False|My/Path/Secret|My/Path/Secret", "false|/leading/slash|leading/slash", "''|/leading|_leading" })
	void translatesSlashesInFileNames(String translation, String name, String fileName) throws ProviderException {
		AwsParameters parameters = parse("- objectName: " + name + "\n  objectType: ssmparameter\n",
				Map.of("pathTranslation", translation));
		assertThat(parameters.objects().get(0).fileName()).isEqualTo(fileName);
	}

	@Test
	void translatesAliasesAndJmesPathAliasesToo() throws ProviderException {
		AwsParameters parameters = parse("""
				- objectName: app
				  objectType: secretsmanager
				  objectAlias: app/config
				  jmesPath:
				    - path: db.user
				      objectAlias: db/user
				""", Map.of());
		assertThat(parameters.objects().get(0).fileName()).isEqualTo("app_config");
		assertThat(parameters.objects().get(0).jmesPath().get(0).fileName()).isEqualTo("db_user");
	}

	@Test
	void readsFilePermissionsAsOctalQuotedOrNot() throws ProviderException {
		AwsParameters parameters = parse("""
				- objectName: a
				  objectType: secretsmanager
				  filePermission: "0600"
				  jmesPath:
				    - {path: user, objectAlias: user}
				    - {path: pass, objectAlias: pass, filePermission: "0400"}
				- objectName: b
				  objectType: secretsmanager
				  filePermission: 0640
				""", Map.of());
		assertThat(parameters.objects().get(0).filePermission()).isEqualTo(0600);
		assertThat(parameters.objects().get(0).jmesPath()).extracting(JmesPathEntry::filePermission)
			.containsExactly(null, 0400);
		assertThat(parameters.objects().get(1).filePermission()).isEqualTo(0640);
	}

	@Test
	void keepsVersionsAndLabels() throws ProviderException {
		AwsParameters parameters = parse("""
				- objectName: db
				  objectType: secretsmanager
				  objectVersion: 01234567-89ab-cdef-0123-456789abcdef
				  objectVersionLabel: AWSPREVIOUS
				- objectName: /app/port
				  objectType: ssmparameter
				  objectVersion: 3
				""", Map.of());
		assertThat(parameters.objects()).extracting(AwsObject::objectVersion, AwsObject::objectVersionLabel)
			.containsExactly(tuple("01234567-89ab-cdef-0123-456789abcdef", "AWSPREVIOUS"), tuple("3", ""));
	}

	@Test
	void takesTheStoreFromArns() throws ProviderException {
		AwsParameters parameters = parse("""
				- objectName: arn:aws:ssm:us-east-1:111122223333:parameter/app/db
				- objectName: arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf
				  objectType: secretsmanager
				""", Map.of());
		assertThat(parameters.objects()).extracting(AwsObject::objectType)
			.containsExactly(ObjectType.SSM_PARAMETER, ObjectType.SECRETS_MANAGER);
		assertThat(parameters.objects().get(0).fileName())
			.isEqualTo("arn:aws:ssm:us-east-1:111122223333:parameter_app_db");
	}

	@Test
	void allowsARepeatedNameWhenAliasOrLabelTellsThemApart() throws ProviderException {
		AwsParameters parameters = parse(
				"""
						- {objectName: db, objectType: secretsmanager}
						- {objectName: db, objectType: secretsmanager, objectAlias: db-previous, objectVersionLabel: AWSPREVIOUS}
						- {objectName: db, objectType: secretsmanager, objectAlias: db-pending, objectVersionLabel: AWSPENDING}
						""",
				Map.of());
		assertThat(parameters.objects()).extracting(AwsObject::fileName)
			.containsExactly("db", "db-previous", "db-pending");
	}

	@ParameterizedTest
	@CsvSource({ "true,true", "T,true", "1,true", "TRUE,true", "f,false", "False,false", "0,false" })
	void readsUsePodIdentityAsGoBooleans(String value, boolean expected) throws ProviderException {
		assertThat(parse("- {objectName: a, objectType: secretsmanager}", Map.of("usePodIdentity", value))
			.usePodIdentity()).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "ipv4,IPV4", "IPv6,IPV6", "IPV4,IPV4", "auto,AUTO", "nonsense,AUTO" })
	void readsThePreferredAddressType(String value, AddressType expected) throws ProviderException {
		assertThat(parse("- {objectName: a, objectType: secretsmanager}", Map.of("preferredAddressType", value))
			.preferredAddressType()).isEqualTo(expected);
	}

	@Test
	void prefersTheRegionParameterToTheDefault() throws ProviderException {
		assertThat(parse("- {objectName: a, objectType: secretsmanager}", Map.of("region", "ap-south-1")).region())
			.isEqualTo("ap-south-1");
	}

	private static AwsParameters parse(String objects, Map<String, String> more) throws ProviderException {
		Map<String, String> attributes = new HashMap<>(more);
		attributes.put("objects", objects);
		attributes.values().removeIf(String::isEmpty);
		return AwsParameters.parse(attributes, "us-east-1");
	}

}
