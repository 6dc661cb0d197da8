package dev.secretsstore.provider.vault.objects;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.vault.client.VaultRequest;
import dev.secretsstore.provider.vault.tls.VaultTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static dev.secretsstore.provider.vault.VaultTestSupport.resource;
import static dev.secretsstore.provider.vault.VaultTestSupport.spcParameters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class VaultParametersTests {

	@Test
	void readsTheSmallestClassWithDefaultsLeftEmpty() throws ProviderException {
		VaultParameters parameters = VaultParameters.parse(spcParameters("spc/kv.yaml"));
		assertThat(parameters.roleName()).isEqualTo("shop-reader");
		assertThat(parameters.audience()).isEqualTo("vault");
		assertThat(parameters.vaultAddress()).isEmpty();
		assertThat(parameters.authMountPath()).isEmpty();
		assertThat(parameters.tls()).isEqualTo(VaultTls.NONE);
		assertThat(parameters.objects()).extracting(VaultObject::objectName).containsExactly("db-password", "api-key");
		assertThat(parameters.objects().get(0).filePermission()).isEqualTo(0640);
		assertThat(parameters.objects().get(1).filePermission()).isZero();
		assertThat(parameters.objects().get(0).request())
			.isEqualTo(new VaultRequest("GET", "secret/data/shop/db", Map.of(), null));
	}

	@Test
	void readsAddressTlsAndTypedSecretArgs() throws ProviderException {
		VaultParameters parameters = VaultParameters.parse(spcParameters("spc/all.yaml"));
		assertThat(parameters.vaultAddress()).isEqualTo("https://vault.vault.svc:8200");
		assertThat(parameters.tls())
			.isEqualTo(new VaultTls("/mnt/tls/ca.crt", "", "", "/mnt/tls/client.crt", "/mnt/tls/client.key", null));
		VaultObject certs = parameters.objects().get(2);
		assertThat(certs.method()).isEqualTo("PUT");
		assertThat(certs.secretArgs()).containsExactly(Map.entry("common_name", "shop.example.com"),
				Map.entry("ttl", "24h"), Map.entry("exclude_cn_from_sans", true), Map.entry("max_path_length", 2L));
		assertThat(certs.request().method()).isEqualTo("PUT");
		assertThat(parameters.objects().get(0).request()).isEqualTo(parameters.objects().get(1).request());
	}

	@Test
	void readsJwtMountNamespaceAudienceAndSkipVerify() throws ProviderException {
		VaultParameters jwt = VaultParameters.parse(spcParameters("spc/jwt-auth.yaml"));
		assertThat(jwt.authMountPath()).isEqualTo("jwt");
		assertThat(jwt.objects().get(0).filePermission()).isEqualTo(0600);
		VaultParameters team = VaultParameters.parse(spcParameters("spc/namespace-audience.yaml"));
		assertThat(team.vaultNamespace()).isEqualTo("team-a");
		assertThat(team.authMountPath()).isEqualTo("clusters/east");
		assertThat(team.audience()).isEqualTo("team-a-vault");
		assertThat(team.tls().insecure()).isTrue();
	}

	@Test
	void readsEveryPathSpellingQueryAndEncoding() throws ProviderException {
		List<VaultObject> objects = VaultParameters.parse(spcParameters("spc/sync.yaml")).objects();
		assertThat(objects).extracting((object) -> object.request().path())
			.containsExactly("secret/data/sync1", "secret/data/sync2", "secret/data/sync3", "secret/data/sync4");
		assertThat(objects.get(1).request().query()).isEqualTo(Map.of("version", List.of("3")));
		assertThat(objects).extracting(VaultObject::encoding)
			.containsExactly(VaultObject.Encoding.UTF_8, VaultObject.Encoding.UTF_8, VaultObject.Encoding.BASE64,
					VaultObject.Encoding.HEX);
		assertThat(objects.get(3).filePermission()).isEqualTo(420);
	}

	@Test
	void readsTheAttributesOfADriverMountRequest() throws ProviderException {
		Map<String, String> attributes = JsonMapper.builder()
			.build()
			.readValue(resource("attributes/mount-attributes.json"), Map.class);
		VaultParameters parameters = VaultParameters.parse(attributes);
		assertThat(parameters.pod())
			.isEqualTo(new VaultParameters.PodInfo("web-7d9f8", "shop", "0b6c1f8e-3c51-4c1e-9a43-5b1f1e2d9c11", "web"));
		assertThat(parameters.token("vault")).contains("jwt-for-vault");
		assertThat(parameters.token("other")).contains("jwt-for-other");
		assertThat(parameters.token("absent")).isEmpty();
		assertThat(parameters.objects()).extracting(VaultObject::method).containsExactly("GET", "");
		assertThat(parameters.objects()).extracting((object) -> object.request().method())
			.containsExactly("GET", "GET");
		assertThat(parameters.toString()).contains("tokens=[other, vault]").doesNotContain("jwt-for");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidParameters")
	void refusesInvalidParametersNamingThem(String change, Map<String, String> overrides, String expected) {
		Map<String, String> attributes = new HashMap<>(spcParameters("spc/kv.yaml"));
		overrides.forEach((name, value) -> {
			if (value == null) {
				attributes.remove(name);
			}
			else {
				attributes.put(name, value);
			}
		});
		assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> VaultParameters.parse(attributes))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_PARAMETERS))
			.withMessageContaining(expected);
	}

	static Stream<Arguments> invalidParameters() {
		String object = "- objectName: a\n  secretPath: secret/data/a\n";
		return Stream.of(arguments("no role", nulls("roleName"), "roleName"),
				arguments("no objects", nulls("objects"), "objects"),
				arguments("empty objects", Map.of("objects", ""), "no secrets configured"),
				arguments("both mounts", Map.of("vaultAuthMountPath", "jwt", "vaultKubernetesMountPath", "k8s"),
						"cannot set both 'vaultKubernetesMountPath' and 'vaultAuthMountPath'"),
				arguments("bad boolean", Map.of("vaultSkipTLSVerify", "yes"), "vaultSkipTLSVerify"),
				arguments("address without scheme", Map.of("vaultAddress", "vault:8200"), "vaultAddress"),
				arguments("client cert alone", Map.of("vaultTLSClientCertPath", "/c.pem"), "vaultTLSClientKeyPath"),
				arguments("tokens not JSON", Map.of("csi.storage.k8s.io/serviceAccount.tokens", "{nope"),
						"serviceAccount.tokens"),
				arguments("objects a mapping", Map.of("objects", "objectName: a"), "'objects' is not a YAML list"),
				arguments("objects not YAML", Map.of("objects", "- [unclosed"), "'objects' is not valid YAML"),
				arguments("duplicate name", Map.of("objects", object + object), "entry 2 (objectName 'a')"),
				arguments("no name", Map.of("objects", "- secretPath: secret/data/a"), "has no objectName"),
				arguments("escaping name", Map.of("objects", "- objectName: ../etc/passwd\n  secretPath: s/a"),
						"objectName is not a usable file name"),
				arguments("no path", Map.of("objects", "- objectName: a"), "has no secretPath"),
				arguments("bad encoding", Map.of("objects", object + "  encoding: base32"), "encoding is 'base32'"),
				arguments("mode too large", Map.of("objects", object + "  filePermission: 01000"), "filePermission"),
				arguments("mode not a number", Map.of("objects", object + "  filePermission: rw-r"), "filePermission"),
				arguments("path with ..", Map.of("objects", "- objectName: a\n  secretPath: secret/../sys/seal"),
						"secretPath or method contains a '..' element"),
				arguments("bad method", Map.of("objects", object + "  method: \"GE T\""), "not an HTTP method"),
				arguments("semicolon query", Map.of("objects", "- objectName: a\n  secretPath: s/a?x=1;y=2"), "';'"),
				arguments("args a list", Map.of("objects", object + "  secretArgs: [1, 2]"),
						"secretArgs is not a mapping"),
				arguments("field twice", Map.of("objects", object + "  secretKey: x\n  secretKey: y"),
						"'secretKey' twice"));
	}

	private static Map<String, String> nulls(String name) {
		Map<String, String> map = new HashMap<>();
		map.put(name, null);
		return map;
	}

}
