package dev.secretsstore.driver.provider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.plugin.PluginClient;
import dev.secretsstore.provider.plugin.PluginClientOptions;
import dev.secretsstore.provider.plugin.PluginServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProviderRegistryTests {

	private Path root;

	private Path first;

	private Path second;

	private ProviderRegistry registry;

	@BeforeEach
	void setUp() throws Exception {
		this.root = Files.createTempDirectory(Path.of("/tmp"), "reg");
		this.first = Files.createDirectories(this.root.resolve("etc"));
		this.second = Files.createDirectories(this.root.resolve("var"));
	}

	@AfterEach
	void tearDown() throws Exception {
		if (this.registry != null) {
			this.registry.close();
		}
		try (var paths = Files.walk(this.root)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

	@Test
	void anInProcessProviderWinsAndPluginsAreFoundInFolderOrder() throws Exception {
		SecretProvider inProcess = provider("azure", "in-process");
		this.registry = registry(inProcess);
		try (PluginServer shadowed = PluginServer.serve(this.second.resolve("azure.sock"), provider("azure", "x"));
				PluginServer late = PluginServer.serve(this.second.resolve("vault.sock"), provider("vault", "var"));
				PluginServer early = PluginServer.serve(this.first.resolve("vault.sock"), provider("vault", "etc"))) {
			assertThat(this.registry.get("azure")).isSameAs(inProcess);
			SecretProvider vault = this.registry.get("vault");
			assertThat(vault).isInstanceOf(PluginClient.class);
			assertThat(((PluginClient) vault).socket()).isEqualTo(this.first.resolve("vault.sock"));
			assertThat(vault.mount(request()).objectVersions().get(0).version()).isEqualTo("etc");
			assertThat(this.registry.get("vault")).as("one client per plugin").isSameAs(vault);
		}
	}

	@Test
	void aPluginThatMovesGetsANewClient() throws Exception {
		this.registry = registry();
		PluginClient before;
		try (PluginServer server = PluginServer.serve(this.second.resolve("aws.sock"), provider("aws", "1"))) {
			before = (PluginClient) this.registry.get("aws");
		}
		try (PluginServer server = PluginServer.serve(this.first.resolve("aws.sock"), provider("aws", "2"))) {
			PluginClient after = (PluginClient) this.registry.get("aws");
			assertThat(after).isNotSameAs(before);
			assertThat(after.mount(request()).objectVersions().get(0).version()).isEqualTo("2");
		}
	}

	@Test
	void invalidAndMissingNamesAreToldApart() {
		this.registry = registry();
		ProviderLookupException invalid = catchThrowableOfType(ProviderLookupException.class,
				() -> this.registry.get("../../tmp/x"));
		assertThat(invalid.isInvalidName()).isTrue();
		assertThat(catchThrowableOfType(ProviderLookupException.class, () -> this.registry.get(""))).isNotNull();
		ProviderLookupException missing = catchThrowableOfType(ProviderLookupException.class,
				() -> this.registry.get("gcp"));
		assertThat(missing.isInvalidName()).isFalse();
		assertThat(missing.getMessage()).contains("gcp.sock", this.first.toString(), this.second.toString());
	}

	@Test
	void inProcessProvidersMustHaveValidUniqueNames() {
		assertThatIllegalStateException().isThrownBy(() -> registry(provider("a b", "1")))
			.withMessageContaining("invalid name");
		assertThatIllegalStateException().isThrownBy(() -> registry(provider("x", "1"), provider("x", "2")))
			.withMessageContaining("two in-process providers are named 'x'");
	}

	@Test
	@SuppressWarnings("unchecked")
	void healthChecksReportEachPluginSocket() throws Exception {
		this.registry = registry();
		Files.createFile(this.second.resolve("dead.sock"));
		ProviderHealth health = new ProviderHealth(this.registry);
		try (PluginServer server = PluginServer.serve(this.first.resolve("vault.sock"), provider("vault", "1"))) {
			health.checkAll();
		}
		Health report = health.health();
		assertThat(report.getStatus()).isEqualTo(Status.DOWN);
		assertThat(report.getDetails()).containsOnlyKeys("dead", "vault");
		assertThat((Map<Object, Object>) report.getDetails().get("vault")).containsEntry("healthy", true)
			.containsEntry("detail", "vault-test 1.0");
		assertThat((Map<Object, Object>) report.getDetails().get("dead")).containsEntry("healthy", false);
	}

	private ProviderRegistry registry(SecretProvider... inProcess) {
		return new ProviderRegistry(List.of(inProcess), List.of(this.first, this.second),
				PluginClientOptions.defaults()
					.withRetry(new PluginClientOptions.Retry(1, java.time.Duration.ofMillis(10),
							java.time.Duration.ofMillis(10), 1.0)));
	}

	private static MountRequest request() {
		return new MountRequest(Map.of(), Map.of(), "/t", 0644, List.of());
	}

	private static SecretProvider provider(String name, String version) {
		return new SecretProvider() {
			@Override
			public String name() {
				return name;
			}

			@Override
			public MountResponse mount(MountRequest request) {
				return new MountResponse(List.of(new ObjectVersion("o", version)), List.of());
			}

			@Override
			public ProviderVersion version() {
				return new ProviderVersion(name + "-test", "1.0");
			}
		};
	}

}
