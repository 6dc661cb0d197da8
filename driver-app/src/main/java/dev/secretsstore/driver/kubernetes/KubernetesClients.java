package dev.secretsstore.driver.kubernetes;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;

/**
 * Finds the API server the way a node driver should: the pod's service account first,
 * then {@code $KUBECONFIG}, then {@code ~/.kube/config}; with none of them it fails with
 * a message saying how to run without Kubernetes.
 */
final class KubernetesClients {

	/** Where kubelet mounts the pod's service-account token. */
	static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

	static final String NO_CLUSTER = "no Kubernetes API server configured (no in-cluster service account, no "
			+ "KUBECONFIG, no ~/.kube/config): to run without Kubernetes use --standalone --spc-dir=<folder of "
			+ "SecretProviderClass YAML files>, or try the demo with --demo";

	private KubernetesClients() {
	}

	/**
	 * A client for the API server, built without contacting it.
	 * @param environment environment variables and system properties
	 * ({@code KUBERNETES_SERVICE_HOST}, {@code KUBECONFIG}, {@code user.home}), a
	 * parameter so tests need not change the process's
	 * @param serviceAccountToken the token file whose presence means the driver runs in a
	 * pod
	 * @throws IllegalStateException when there is no API server to talk to
	 */
	static ApiClient connect(Function<String, String> environment, Path serviceAccountToken) {
		try {
			if (isSet(environment.apply("KUBERNETES_SERVICE_HOST")) && Files.isRegularFile(serviceAccountToken)) {
				// refreshes the projected token as kubelet rotates it
				return ClientBuilder.cluster().build();
			}
			Optional<Path> kubeConfig = kubeConfigFile(environment);
			if (kubeConfig.isPresent()) {
				return fromKubeConfig(kubeConfig.get());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot configure the Kubernetes client: " + ex.getMessage(), ex);
		}
		throw new ClusterModeUnavailableException(NO_CLUSTER);
	}

	private static Optional<Path> kubeConfigFile(Function<String, String> environment) {
		String list = environment.apply("KUBECONFIG");
		if (isSet(list)) {
			// kubectl merges a list; the driver only needs the first file that exists
			for (String entry : list.split(File.pathSeparator)) {
				if (!entry.isBlank() && Files.isRegularFile(Path.of(entry))) {
					return Optional.of(Path.of(entry));
				}
			}
		}
		String home = environment.apply("user.home");
		if (isSet(home)) {
			Path file = Path.of(home, ".kube", "config");
			if (Files.isRegularFile(file)) {
				return Optional.of(file);
			}
		}
		return Optional.empty();
	}

	private static ApiClient fromKubeConfig(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			KubeConfig config = KubeConfig.loadKubeConfig(reader);
			// certificate and key paths in the file are relative to it
			config.setFile(file.toAbsolutePath().toFile());
			return ClientBuilder.kubeconfig(config).build();
		}
	}

	private static boolean isSet(String value) {
		return value != null && !value.isBlank();
	}

}
