package dev.secretsstore.provider.aws;

import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.SecretFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for Secrets Manager objects against a WireMock Secrets Manager: first mounts, the
 * DescribeSecret check on later mounts, rotation to a new version, pinned versions and
 * labels.
 */
class SecretsManagerMountTests extends IrsaProviderTests {

	private static final String V1 = "11111111-1111-1111-1111-111111111111";

	private static final String V2 = "22222222-2222-2222-2222-222222222222";

	private static final String MY_SECRET = "- {objectName: MySecret, objectType: secretsmanager}";

	@Test
	void firstMountFetchesEverySecretAndNamesFilesAsTheGoProvider() throws ProviderException {
		this.stubs.secret("MySecret", V1, "s3cr3t");
		this.stubs.secret("prod/db/password", V2, "pw");
		MountResponse response = this.provider.mount(AwsTestSupport.request("""
				- objectName: MySecret
				  objectType: secretsmanager
				- objectName: prod/db/password
				  objectType: secretsmanager
				  filePermission: "0400"
				""", this.target));
		assertThat(response.files()).extracting(SecretFile::path, SecretFile::mode, AwsTestSupport::text)
			.containsExactly(tuple("MySecret", 0644, "s3cr3t"), tuple("prod_db_password", 0400, "pw"));
		assertThat(response.objectVersions()).containsExactly(new ObjectVersion("MySecret", V1),
				new ObjectVersion("prod_db_password", V2));
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).hasSize(2);
		assertThat(this.stubs.requests(AwsStubs.DESCRIBE_SECRET)).isEmpty();
	}

	@Test
	void unchangedSecretIsReadBackFromTheVolumeWithoutGetSecretValue() throws ProviderException {
		this.stubs.describe("MySecret", Map.of(V1, List.of("AWSCURRENT")));
		this.stubs.secret("MySecret", V2, "never fetched");
		AwsTestSupport.mounted(this.target, Map.of("MySecret", "mounted value"));
		MountResponse response = this.provider.mount(
				AwsTestSupport.request(MY_SECRET, Map.of(), this.target, List.of(new ObjectVersion("MySecret", V1))));
		assertThat(response.files()).extracting(AwsTestSupport::text).containsExactly("mounted value");
		assertThat(response.objectVersions()).containsExactly(new ObjectVersion("MySecret", V1));
		assertThat(this.stubs.requests(AwsStubs.DESCRIBE_SECRET)).singleElement()
			.satisfies((request) -> assertThat(request.getBodyAsString()).contains("\"SecretId\":\"MySecret\""));
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).isEmpty();
	}

	@Test
	void rotatedSecretIsFetchedAgain() throws ProviderException {
		this.stubs.describe("MySecret", Map.of(V1, List.of("AWSPREVIOUS"), V2, List.of("AWSCURRENT")));
		this.stubs.secret("MySecret", V2, "rotated");
		AwsTestSupport.mounted(this.target, Map.of("MySecret", "old"));
		MountResponse response = this.provider.mount(
				AwsTestSupport.request(MY_SECRET, Map.of(), this.target, List.of(new ObjectVersion("MySecret", V1))));
		assertThat(response.files()).extracting(AwsTestSupport::text).containsExactly("rotated");
		assertThat(response.objectVersions()).containsExactly(new ObjectVersion("MySecret", V2));
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).hasSize(1);
	}

	@Test
	void unchangedSecretWhoseFileIsGoneIsFetchedAgain() throws ProviderException {
		this.stubs.describe("MySecret", Map.of(V1, List.of("AWSCURRENT")));
		this.stubs.secret("MySecret", V1, "fetched");
		MountResponse response = this.provider.mount(
				AwsTestSupport.request(MY_SECRET, Map.of(), this.target, List.of(new ObjectVersion("MySecret", V1))));
		assertThat(response.files()).extracting(AwsTestSupport::text).containsExactly("fetched");
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).hasSize(1);
	}

	@Test
	void labelledSecretStaysWhileItsVersionKeepsTheLabel() throws ProviderException {
		this.stubs.describe("db", Map.of(V1, List.of("AWSCURRENT"), V2, List.of("AWSPENDING")));
		this.stubs.secret("db", V2, "pending");
		String objects = "- {objectName: db, objectType: secretsmanager, objectVersionLabel: AWSPENDING}";
		MountResponse first = this.provider.mount(AwsTestSupport.request(objects, this.target));
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).singleElement()
			.satisfies((request) -> assertThat(request.getBodyAsString()).contains("\"VersionStage\":\"AWSPENDING\""));
		AwsTestSupport.mounted(this.target, Map.of("db", "pending"));
		MountResponse second = this.provider
			.mount(AwsTestSupport.request(objects, Map.of(), this.target, first.objectVersions()));
		assertThat(second).isEqualTo(first);
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).hasSize(1);
		assertThat(this.stubs.requests(AwsStubs.DESCRIBE_SECRET)).hasSize(1);
	}

	@Test
	void pinnedVersionThatIsMountedNeedsNoCallAtAll() throws ProviderException {
		AwsTestSupport.mounted(this.target, Map.of("db", "pinned value"));
		MountResponse response = this.provider
			.mount(AwsTestSupport.request("- {objectName: db, objectType: secretsmanager, objectVersion: " + V1 + "}",
					Map.of(), this.target, List.of(new ObjectVersion("db", V1))));
		assertThat(response.files()).extracting(AwsTestSupport::text).containsExactly("pinned value");
		assertThat(server.getAllServeEvents()).isEmpty();
	}

	@Test
	void pinnedVersionIsAskedForByVersionId() throws ProviderException {
		this.stubs.secret("db", V1, "v1 value");
		this.provider.mount(AwsTestSupport
			.request("- {objectName: db, objectType: secretsmanager, objectVersion: " + V1 + "}", this.target));
		assertThat(this.stubs.requests(AwsStubs.GET_SECRET_VALUE)).singleElement()
			.satisfies((request) -> assertThat(request.getBodyAsString()).contains("\"VersionId\":\"" + V1 + "\""));
	}

	@Test
	void binarySecretsAreMountedAsTheirBytes() throws ProviderException {
		server.stubFor(AwsStubs.call(AwsStubs.GET_SECRET_VALUE)
			.willReturn(AwsStubs.json(200,
					"{\"Name\":\"keystore\",\"VersionId\":\"" + V1 + "\",\"SecretBinary\":\"AAH/\"}")));
		MountResponse response = this.provider
			.mount(AwsTestSupport.request("- {objectName: keystore, objectType: secretsmanager}", this.target));
		assertThat(response.files().get(0).contents()).containsExactly(0, 1, 0xff);
	}

}
