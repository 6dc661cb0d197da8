package dev.secretsstore.driver.kubernetes;

import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.model.CustomResources;
import dev.secretsstore.driver.model.ObjectMeta;
import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.model.SecretProviderClass.SecretObject;
import dev.secretsstore.driver.model.SecretProviderClass.SecretObjectData;
import dev.secretsstore.driver.model.SecretProviderClass.Spec;
import dev.secretsstore.driver.testing.KubernetesApiDouble;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApiSecretProviderClassesTests {

	// what a user applies with kubectl: the upstream v1 example with a synced TLS Secret
	private static final String SPC_YAML = """
			apiVersion: secrets-store.csi.x-k8s.io/v1
			kind: SecretProviderClass
			metadata:
			  name: db
			  namespace: apps
			spec:
			  provider: vault
			  parameters:
			    roleName: app
			    objects: |
			      - objectName: password
			  secretObjects:
			  - secretName: db-tls
			    type: kubernetes.io/tls
			    labels:
			      team: payments
			    annotations:
			      reloader: "true"
			    data:
			    - objectName: cert
			      key: tls.crt
			    - objectName: key
			      key: tls.key
			""";

	private final KubernetesApiDouble server = KubernetesApiDouble.start();

	private final ApiSecretProviderClasses classes = new ApiSecretProviderClasses(this.server.customObjects());

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void findsTheClassInThePodNamespaceWithItsWholeV1Spec() throws Exception {
		this.server.create("apps", CustomResources.SECRET_PROVIDER_CLASSES,
				YAMLMapper.builder().build().readValue(SPC_YAML, new TypeReference<Map<String, Object>>() {
				}));

		SecretProviderClass spc = this.classes.find("apps", "db").orElseThrow();

		assertThat(spc.metadata().name()).isEqualTo("db");
		assertThat(spc.metadata().namespace()).isEqualTo("apps");
		assertThat(spc.spec()).isEqualTo(new Spec("vault",
				Map.of("roleName", "app", "objects", "- objectName: password\n"),
				List.of(new SecretObject("db-tls", "kubernetes.io/tls", Map.of("team", "payments"),
						Map.of("reloader", "true"),
						List.of(new SecretObjectData("cert", "tls.crt"), new SecretObjectData("key", "tls.key"))))));
	}

	@Test
	void aClassWrittenFromTheRecordReadsBackEqual() throws Exception {
		Spec spec = new Spec("aws", Map.of("region", "eu-west-1"),
				List.of(new SecretObject("s", "Opaque", null, null, List.of(new SecretObjectData("a/b", "k")))));
		SecretProviderClass written = new SecretProviderClass("secrets-store.csi.x-k8s.io/v1", SecretProviderClass.KIND,
				ObjectMeta.of("apps", "aws"), spec);
		this.server.create("apps", CustomResources.SECRET_PROVIDER_CLASSES, CustomResources.write(written));

		SecretProviderClass read = this.classes.find("apps", "aws").orElseThrow();

		assertThat(read.apiVersion()).isEqualTo(written.apiVersion());
		assertThat(read.kind()).isEqualTo(written.kind());
		assertThat(read.spec()).isEqualTo(spec);
	}

	@Test
	void aMissingClassIsEmptyEvenWhenAnotherNamespaceHasIt() throws Exception {
		this.server.create("apps", CustomResources.SECRET_PROVIDER_CLASSES,
				YAMLMapper.builder().build().readValue(SPC_YAML, new TypeReference<Map<String, Object>>() {
				}));

		assertThat(this.classes.find("apps", "other")).isEmpty();
		assertThat(this.classes.find("default", "db")).isEmpty();
	}

	@Test
	void aServerErrorNamesTheObjectAndTheAnswer() {
		this.server.failNamespace("broken", 500, "etcd is down");

		assertThatExceptionOfType(KubernetesApiException.class).isThrownBy(() -> this.classes.find("broken", "db"))
			.withMessageContaining("secretproviderclass broken/db")
			.withMessageContaining("HTTP 500")
			.withMessageContaining("etcd is down");
	}

	@Test
	void anUnreachableServerNamesTheObject() {
		// port 1 is never served: the client fails before any HTTP answer
		ApiClient unreachable = new ApiClient().setBasePath("http://127.0.0.1:1");
		ApiSecretProviderClasses lookup = new ApiSecretProviderClasses(new CustomObjectsApi(unreachable));
		assertThatExceptionOfType(KubernetesApiException.class).isThrownBy(() -> lookup.find("apps", "db"))
			.withMessageContaining("failed to get secretproviderclass apps/db");
	}

}
