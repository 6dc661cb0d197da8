package dev.secretsstore.provider.aws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.secretsstore.provider.ServiceAccounts;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.plugin.PluginClient;
import dev.secretsstore.provider.plugin.PluginLauncher.Plugin;
import dev.secretsstore.provider.plugin.PluginServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests the provider as a remote plugin: served on a Unix socket by {@link PluginServer}
 * (and by {@link AwsPluginMain}) and mounted through {@link PluginClient}, as the Go
 * driver would.
 */
class AwsPluginTests {

	@RegisterExtension
	static final WireMockExtension server = AwsTestSupport.wireMock();

	private final AwsStubs stubs = new AwsStubs(server);

	private Path sockets;

	@BeforeEach
	void setUp() throws IOException {
		this.stubs.sts("ASIAIRSAEXAMPLE", Instant.now().plusSeconds(3600));
		this.stubs.secret("MySecret", "v-1", "s3cr3t");
		// directly under /tmp: a socket path must stay within 107 bytes
		this.sockets = Files.createTempDirectory(Path.of("/tmp"), "aws");
	}

	@AfterEach
	void tearDown() throws IOException {
		try (Stream<Path> paths = Files.walk(this.sockets)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	@Test
	void mountsThroughThePluginProtocol() throws Exception {
		try (AwsSecretProvider provider = new AwsSecretProvider(AwsTestSupport.properties(server, 1),
				ServiceAccounts.NONE, (name) -> null);
				PluginServer plugin = PluginServer.serve(this.sockets.resolve("aws.sock"), provider);
				PluginClient client = new PluginClient("aws", plugin.socket())) {
			String objects = AwsTestSupport.spcParameters("irsa.yaml").get("objects");
			MountResponse response = client.mount(AwsTestSupport.request(objects, this.sockets));
			assertThat(response.files()).extracting(AwsTestSupport::text).containsExactly("s3cr3t");
			assertThat(response.objectVersions()).containsExactly(new ObjectVersion("MySecret", "v-1"));
			assertThat(this.stubs.stsRequests()).singleElement()
				.satisfies((request) -> assertThat(request.getBodyAsString()).contains("WebIdentityToken="));
		}
	}

	@Test
	void keepsTheKindOfFailureAcrossTheSocket() throws Exception {
		this.stubs.error(AwsStubs.GET_SECRET_VALUE, 400, "ResourceNotFoundException",
				"Secrets Manager can't find the specified secret.");
		try (AwsSecretProvider provider = new AwsSecretProvider(AwsTestSupport.properties(server, 1),
				ServiceAccounts.NONE, (name) -> null);
				PluginServer plugin = PluginServer.serve(this.sockets.resolve("aws.sock"), provider);
				PluginClient client = new PluginClient("aws", plugin.socket())) {
			assertThatExceptionOfType(ProviderException.class)
				.isThrownBy(() -> client
					.mount(AwsTestSupport.request("- {objectName: gone, objectType: secretsmanager}", this.sockets)))
				.matches((ex) -> ex.reason() == Reason.NOT_FOUND, "NOT_FOUND")
				.withMessageContaining("Secrets Manager can't find the specified secret.");
		}
	}

	@Test
	void theMainClassServesOnTheGivenSocketWithItsSettings() throws Exception {
		Path socket = this.sockets.resolve("aws.sock");
		String endpoint = server.baseUrl();
		try (Plugin plugin = new AwsPluginMain(new StandardEnvironment()).start("--endpoint=unix://" + socket,
				"--secrets-store.provider.aws.secretsmanager-endpoint=" + endpoint,
				"-secrets-store.provider.aws.sts-endpoint", endpoint,
				"--secrets-store.provider.aws.role-arn=" + AwsTestSupport.ROLE_ARN);
				PluginClient client = new PluginClient("aws", socket)) {
			assertThat(plugin.server().socket()).isEqualTo(socket);
			assertThat(client.checkVersion().runtimeName()).isEqualTo("provider-starter-aws");
			MountResponse response = client
				.mount(AwsTestSupport.request("- {objectName: MySecret, objectType: secretsmanager}", this.sockets));
			assertThat(response.files()).extracting(AwsTestSupport::text).containsExactly("s3cr3t");
		}
	}

	@Test
	void theMainClassTakesTheGoProvidersFlags() throws Exception {
		String[] chartArgs = { "--provider-volume=" + this.sockets, "--driver-writes-secrets=true", "--qps=5",
				"-burst=10", "--eks-addon-version=v1.0.0-eksbuild.1", "--pod-identity-http-timeout=250ms" };
		try (Plugin plugin = new AwsPluginMain(new StandardEnvironment()).start(chartArgs)) {
			assertThat(plugin.server().socket()).isEqualTo(this.sockets.resolve("aws.sock"));
			assertThat(Files.exists(this.sockets.resolve("aws.sock"))).isTrue();
			assertThat(plugin.provider()).extracting("properties.podIdentityTimeout").isEqualTo(Duration.ofMillis(250));
		}
		assertThat(Files.exists(this.sockets.resolve("aws.sock"))).as("removed on close").isFalse();
	}

	@Test
	void theMainClassLetsTheArgumentsWinOverTheEnvironmentAndTheSettingWinOverItsGoFlag() throws Exception {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("secrets-store.provider.aws.region", "us-east-1",
					"secrets-store.provider.aws.role-arn", AwsTestSupport.ROLE_ARN)));
		try (Plugin plugin = new AwsPluginMain(environment).start("--provider-volume=" + this.sockets,
				"--secrets-store.provider.aws.region=eu-west-1", "--pod-identity-http-timeout=250ms",
				"--secrets-store.provider.aws.pod-identity-timeout=2s")) {
			assertThat(plugin.provider()).extracting("properties.region").isEqualTo("eu-west-1");
			assertThat(plugin.provider()).extracting("properties.roleArn").isEqualTo(AwsTestSupport.ROLE_ARN);
			assertThat(plugin.provider()).extracting("properties.podIdentityTimeout").isEqualTo(Duration.ofSeconds(2));
		}
	}

	@Test
	void theMainClassRefusesUnknownArguments() {
		AwsPluginMain main = new AwsPluginMain(new StandardEnvironment());
		assertThatIllegalArgumentException().isThrownBy(() -> main.start("serve"))
			.withMessage("unexpected argument 'serve'");
		assertThatIllegalArgumentException().isThrownBy(() -> main.start("--log-levle=2"))
			.withMessage("flag provided but not defined: -log-levle");
		assertThatIllegalArgumentException().isThrownBy(() -> main.start("--secrets-store.provider.azure.x=1"))
			.withMessage("flag provided but not defined: -secrets-store.provider.azure.x");
		assertThat(this.sockets).isEmptyDirectory();
	}

}
