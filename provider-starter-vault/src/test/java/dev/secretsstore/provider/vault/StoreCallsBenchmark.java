package dev.secretsstore.provider.vault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.SecretFile;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.secretsstore.provider.vault.VaultTestSupport.CLIENT_TOKEN;
import static dev.secretsstore.provider.vault.VaultTestSupport.JWT;
import static dev.secretsstore.provider.vault.VaultTestSupport.okJson;
import static dev.secretsstore.provider.vault.VaultTestSupport.podContext;
import static dev.secretsstore.provider.vault.VaultTestSupport.resource;
import static dev.secretsstore.provider.vault.VaultTestSupport.stubLogin;

/**
 * What rotation costs Vault, with and without KV metadata checks (issue 12 §5): Vault
 * calls and response bytes per pass, for volumes of KV version 2 secrets that do not
 * change, served by WireMock with Vault's documented answers. Not a test: it prints
 * figures. Arguments: volumes, secrets per volume, bytes per secret value, passes.
 *
 * <pre>
 * mvn -q -B exec:java -pl provider-starter-vault -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.secretsstore.provider.vault.StoreCallsBenchmark -Dexec.args="100 10 40 3"
 * </pre>
 */
public final class StoreCallsBenchmark {

	private StoreCallsBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int volumes = argument(args, 0, 100);
		int secrets = argument(args, 1, 10);
		int size = argument(args, 2, 40);
		int passes = argument(args, 3, 3);
		WireMockServer vault = VaultTestSupport.startVault();
		try {
			stubLogin(vault, "kubernetes", "shop-reader", JWT, CLIENT_TOKEN, 3600);
			StringBuilder objects = new StringBuilder();
			for (int i = 0; i < secrets; i++) {
				vault.stubFor(get(urlEqualTo("/v1/secret/data/bench/s" + i))
					.willReturn(okJson(VaultTestSupport.kv2("x".repeat(size)))));
				vault.stubFor(get(urlEqualTo("/v1/secret/metadata/bench/s" + i)).willReturn(okJson(
						resource("vault/kv2-metadata.json").replace("{{current}}", "4").replace("{{deleted}}", ""))));
				objects.append("- objectName: s")
					.append(i)
					.append("\n  secretPath: secret/data/bench/s")
					.append(i)
					.append("\n  secretKey: password\n");
			}
			System.out.printf("%d volumes x %d KV v2 secrets of %d bytes, nothing changes between passes%n", volumes,
					secrets, size);
			System.out.println("| Checks | Pass | Value reads | Metadata reads | Logins | Response bytes |");
			System.out.println("|---|---|---|---|---|---|");
			for (boolean checks : new boolean[] { false, true }) {
				run(vault, checks, volumes, objects.toString(), passes);
			}
		}
		finally {
			vault.stop();
		}
	}

	private static void run(WireMockServer vault, boolean checks, int volumes, String objects, int passes)
			throws Exception {
		VaultSecretProvider provider = new VaultSecretProvider(new VaultProviderProperties(true, vault.baseUrl(), null,
				null, null, null, null, 1000, null, "benchmark-version-key", null, checks));
		Path root = Files.createTempDirectory("store-calls");
		List<Volume> mounted = new ArrayList<>();
		for (int i = 0; i < volumes; i++) {
			mounted.add(new Volume(UUID.randomUUID().toString(), Files.createDirectories(root.resolve("v" + i))));
		}
		for (int pass = 0; pass <= passes; pass++) {
			vault.resetRequests();
			for (Volume volume : mounted) {
				volume.mount(provider, vault.baseUrl(), objects);
			}
			long values = 0;
			long metadata = 0;
			long logins = 0;
			long bytes = 0;
			for (ServeEvent event : vault.getAllServeEvents()) {
				String url = event.getRequest().getUrl();
				values += url.startsWith("/v1/secret/data/") ? 1 : 0;
				metadata += url.startsWith("/v1/secret/metadata/") ? 1 : 0;
				logins += url.startsWith("/v1/auth/") ? 1 : 0;
				bytes += event.getResponse().getBody().length;
			}
			System.out.printf("| %s | %s | %d | %d | %d | %,d |%n", checks ? "on" : "off",
					(pass == 0) ? "first mount" : "rotation " + pass, values, metadata, logins, bytes);
		}
	}

	private static int argument(String[] args, int index, int fallback) {
		return (args.length > index) ? Integer.parseInt(args[index]) : fallback;
	}

	/**
	 * One pod's volume: sends the versions it holds and writes what it gets, as the
	 * driver does.
	 */
	private static final class Volume {

		private final String uid;

		private final Path target;

		private List<ObjectVersion> held = List.of();

		Volume(String uid, Path target) {
			this.uid = uid;
			this.target = target;
		}

		void mount(VaultSecretProvider provider, String address, String objects) throws Exception {
			Map<String, String> attributes = new HashMap<>(podContext(this.uid, "vault", JWT));
			attributes.putAll(Map.of("roleName", "shop-reader", "vaultAddress", address, "objects", objects));
			MountResponse response = provider.mount(new MountRequest(attributes, Map.of(), this.target.toString(),
					MountRequest.DEFAULT_PERMISSION, this.held));
			for (SecretFile file : response.files()) {
				Files.write(this.target.resolve(file.path()), file.contents());
			}
			this.held = response.objectVersions();
		}

	}

}
