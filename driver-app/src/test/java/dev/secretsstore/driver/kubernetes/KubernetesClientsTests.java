package dev.secretsstore.driver.kubernetes;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class KubernetesClientsTests {

	static final String KUBECONFIG = """
			apiVersion: v1
			kind: Config
			clusters:
			- name: test
			  cluster:
			    server: https://%s:6443
			    insecure-skip-tls-verify: true
			users:
			- name: driver
			  user:
			    token: not-a-real-token
			contexts:
			- name: test
			  context:
			    cluster: test
			    user: driver
			current-context: test
			""";

	@TempDir
	Path folder;

	@Test
	void withNoClusterItFailsSayingHowToRunStandalone() {
		Path home = this.folder.resolve("home");
		assertThatIllegalStateException()
			.isThrownBy(() -> KubernetesClients.connect(Map.of("user.home", home.toString())::get,
					this.folder.resolve("no-token")))
			.withMessageContaining("--standalone --spc-dir=")
			.withMessageContaining("--demo");
	}

	@Test
	void usesTheFirstExistingFileOfKubeconfig() throws Exception {
		Path config = Files.writeString(this.folder.resolve("config"), KUBECONFIG.formatted("from-env"));
		String list = this.folder.resolve("missing") + File.pathSeparator + config;

		ApiClient client = KubernetesClients.connect(Map.of("KUBECONFIG", list)::get, this.folder.resolve("no-token"));

		assertThat(client.getBasePath()).isEqualTo("https://from-env:6443");
	}

	@Test
	void fallsBackToTheHomeKubeConfigOutsideAPod() throws Exception {
		Path home = this.folder.resolve("home");
		Files.createDirectories(home.resolve(".kube"));
		Files.writeString(home.resolve(".kube/config"), KUBECONFIG.formatted("from-home"));

		// a service host without the token file is not a pod (a developer's shell with
		// the variable exported)
		ApiClient client = KubernetesClients.connect(
				Map.of("user.home", home.toString(), "KUBERNETES_SERVICE_HOST", "10.0.0.1")::get,
				this.folder.resolve("no-token"));

		assertThat(client.getBasePath()).isEqualTo("https://from-home:6443");
	}

}
