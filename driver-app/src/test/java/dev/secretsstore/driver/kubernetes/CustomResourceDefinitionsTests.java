package dev.secretsstore.driver.kubernetes;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.model.CustomResources;
import dev.secretsstore.driver.model.ObjectMeta;
import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.model.SecretProviderClass.SecretObject;
import dev.secretsstore.driver.model.SecretProviderClass.SecretObjectData;
import dev.secretsstore.driver.model.SecretProviderClass.Spec;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.driver.status.PodStatusDocuments;
import dev.secretsstore.provider.ObjectVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

class CustomResourceDefinitionsTests {

	// tests run in the module folder; the manifests live beside it
	private static final Path CRDS = Path.of("")
		.toAbsolutePath()
		.getParent()
		.resolve("deploy/helm/secrets-store-csi-driver/crds");

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	@Test
	void secretProviderClassIsNamespacedWithV1StoredAndV1alpha1Deprecated() {
		JsonNode crd = read("secretproviderclasses");
		assertDefinition(crd, "SecretProviderClass", "secretproviderclasses");
		JsonNode spec = schema(crd, 0).path("properties").path("spec").path("properties");
		assertThat(spec.path("provider").path("type").asString()).isEqualTo("string");
		assertThat(spec.path("parameters").path("additionalProperties").path("type").asString()).isEqualTo("string");
		JsonNode secretObject = spec.path("secretObjects").path("items").path("properties");
		assertThat(secretObject.propertyNames()).containsExactlyInAnyOrder("secretName", "type", "labels",
				"annotations", "data");
		assertThat(secretObject.path("data").path("items").path("properties").propertyNames())
			.containsExactlyInAnyOrder("objectName", "key");
	}

	@Test
	void podStatusIsNamespacedWithV1StoredAndV1alpha1Deprecated() {
		JsonNode crd = read("secretproviderclasspodstatuses");
		assertDefinition(crd, "SecretProviderClassPodStatus", "secretproviderclasspodstatuses");
		JsonNode status = schema(crd, 0).path("properties").path("status").path("properties");
		assertThat(status.propertyNames()).containsExactlyInAnyOrder("podName", "secretProviderClassName", "mounted",
				"targetPath", "objects");
		assertThat(status.path("mounted").path("type").asString()).isEqualTo("boolean");
		assertThat(status.path("objects").path("items").path("properties").propertyNames())
			.containsExactlyInAnyOrder("id", "version");
	}

	@Test
	void everyFieldTheDriverReadsOrWritesIsInTheSchema() {
		// an API server prunes fields a structural schema lacks: they would vanish
		// without an error
		SecretProviderClass spc = new SecretProviderClass(CustomResources.GROUP + "/v1", SecretProviderClass.KIND,
				ObjectMeta.of("apps", "db"), new Spec("vault", Map.of("k", "v"), List.of(new SecretObject("s", "Opaque",
						Map.of("l", "v"), Map.of("a", "v"), List.of(new SecretObjectData("o", "k"))))));
		MountedVolume volume = new MountedVolume("csi-1", Path.of("/t"), new PodRef("apps", "web-0", "uid"), "db",
				"vault", Map.of("secretProviderClass", "db"), List.of(new ObjectVersion("a", "1")));

		assertThat(unknownFields(CustomResources.write(spc), schema(read("secretproviderclasses"), 0), "")).isEmpty();
		assertThat(unknownFields(CustomResources.write(new PodStatusDocuments("node-a").toDocument(volume)),
				schema(read("secretproviderclasspodstatuses"), 0), ""))
			.isEmpty();
	}

	private static void assertDefinition(JsonNode crd, String kind, String plural) {
		assertThat(crd.path("apiVersion").asString()).isEqualTo("apiextensions.k8s.io/v1");
		assertThat(crd.path("kind").asString()).isEqualTo("CustomResourceDefinition");
		assertThat(crd.path("metadata").path("name").asString()).isEqualTo(plural + ".secrets-store.csi.x-k8s.io");
		JsonNode spec = crd.path("spec");
		assertThat(spec.path("group").asString()).isEqualTo("secrets-store.csi.x-k8s.io");
		assertThat(spec.path("scope").asString()).isEqualTo("Namespaced");
		assertThat(spec.path("names").path("kind").asString()).isEqualTo(kind);
		assertThat(spec.path("names").path("plural").asString()).isEqualTo(plural);
		JsonNode versions = spec.path("versions");
		assertThat(versions.size()).isEqualTo(2);
		JsonNode v1 = versions.get(0);
		JsonNode v1alpha1 = versions.get(1);
		assertThat(v1.path("name").asString()).isEqualTo("v1");
		assertThat(v1.path("served").asBoolean()).isTrue();
		assertThat(v1.path("storage").asBoolean()).isTrue();
		assertThat(v1.has("deprecated")).isFalse();
		assertThat(v1alpha1.path("name").asString()).isEqualTo("v1alpha1");
		assertThat(v1alpha1.path("served").asBoolean()).isTrue();
		assertThat(v1alpha1.path("storage").asBoolean()).isFalse();
		assertThat(v1alpha1.path("deprecated").asBoolean()).isTrue();
		assertThat(v1alpha1.path("deprecationWarning").asString())
			.isEqualTo("secrets-store.csi.x-k8s.io/v1alpha1 is deprecated. Use secrets-store.csi.x-k8s.io/v1");
		assertThat(schema(crd, 1)).isEqualTo(schema(crd, 0));
		for (JsonNode version : versions) {
			// the Go driver writes status with a plain update, which a status subresource
			// would ignore
			assertThat(version.has("subresources")).as(version.path("name").asString()).isFalse();
		}
	}

	private static List<String> unknownFields(Object value, JsonNode schema, String path) {
		if (value instanceof Map<?, ?> map && schema.has("properties")) {
			return map.entrySet().stream().flatMap((entry) -> {
				String field = path + "/" + entry.getKey();
				JsonNode property = schema.path("properties").path(entry.getKey().toString());
				return property.isMissingNode() ? List.of(field).stream()
						: unknownFields(entry.getValue(), property, field).stream();
			}).toList();
		}
		if (value instanceof List<?> list && schema.has("items")) {
			return list.stream()
				.flatMap((item) -> unknownFields(item, schema.path("items"), path + "[]").stream())
				.toList();
		}
		return List.of();
	}

	private static JsonNode schema(JsonNode crd, int version) {
		return crd.path("spec").path("versions").get(version).path("schema").path("openAPIV3Schema");
	}

	private static JsonNode read(String plural) {
		return YAML.readTree(CRDS.resolve("secrets-store.csi.x-k8s.io_" + plural + ".yaml").toFile());
	}

}
