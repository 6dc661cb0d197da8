package dev.secretsstore.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1CSIDriver;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart: it lints, renders valid Kubernetes objects for the default and the
 * interesting values, keeps the Go chart's values, and the static manifests are what it
 * renders.
 */
class ChartTests {

	/** The Go chart's values (v1.6), which users bring along unchanged. */
	private static final List<String> GO_CHART_KEYS = List.of("linux.enabled", "linux.image.repository",
			"linux.image.tag", "linux.image.pullPolicy", "linux.crds.enabled", "linux.affinity",
			"linux.driver.resources", "linux.registrarImage.repository", "linux.registrar.resources",
			"linux.registrar.logVerbosity", "linux.livenessProbeImage.repository", "linux.livenessProbe.resources",
			"linux.updateStrategy", "linux.kubeletRootDir", "linux.providersDir", "linux.additionalProvidersDirs",
			"linux.nodeSelector", "linux.tolerations", "linux.metricsAddr", "linux.env", "linux.priorityClassName",
			"linux.daemonsetAnnotations", "linux.podAnnotations", "linux.podLabels", "linux.volumes",
			"linux.volumeMounts", "windows.enabled", "logVerbosity", "logFormatJSON", "livenessProbe.port",
			"livenessProbe.logLevel", "maxCallRecvMsgSize", "rbac.install", "rbac.pspEnabled", "syncSecret.enabled",
			"enableSecretRotation", "rotationPollInterval", "providerHealthCheck", "providerHealthCheckInterval",
			"imagePullSecrets", "tokenRequests", "automountServiceAccountToken", "commonLabels", "nameOverride",
			"fullnameOverride");

	/**
	 * The static manifests take the names of the Go driver's static manifests (DaemonSet
	 * {@code csi-secrets-store}, selector {@code app: csi-secrets-store}), so that
	 * applying them over the Go driver's updates the DaemonSet in place rather than
	 * failing on its immutable selector.
	 */
	static final Map<String, String> STATIC_MANIFEST_VALUES = Map.of("nameOverride", "csi-secrets-store",
			"fullnameOverride", "csi-secrets-store");

	@Test
	void lintsClean() {
		LintResult lint = new Helm(Chart.DIRECTORY).lint().strict().call();
		assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
	}

	@Test
	void defaultsRenderTheDriverAsTheGoChartDoes() throws Exception {
		List<Object> objects = Chart.objects(Map.of());
		V1DaemonSet daemonSet = Chart.ofType(objects, V1DaemonSet.class).get(0);
		// the Go chart's name for a release whose name contains the chart's, and its
		// selector
		assertThat(daemonSet.getMetadata().getName()).isEqualTo("secrets-store-csi-driver");
		assertThat(daemonSet.getSpec().getSelector().getMatchLabels())
			.isEqualTo(Map.of("app", "secrets-store-csi-driver"));
		List<V1Container> containers = daemonSet.getSpec().getTemplate().getSpec().getContainers();
		assertThat(containers).extracting(V1Container::getName)
			.containsExactly("node-driver-registrar", "secrets-store", "liveness-probe");
		V1Container driver = containers.get(1);
		assertThat(driver.getSecurityContext().getPrivileged()).isTrue();
		assertThat(driver.getArgs())
			.contains("--endpoint=$(CSI_ENDPOINT)", "--nodeid=$(KUBE_NODE_NAME)",
					"--provider-volume=/var/run/secrets-store-csi-providers",
					"--additional-provider-volume-paths=/etc/kubernetes/secrets-store-csi-providers",
					"--kubelet-root-dir=/var/lib/kubelet", "--metrics-addr=:8095", "--max-call-recv-msg-size=4194304")
			.doesNotContain("--enable-secret-rotation");
		assertThat(driver.getVolumeMounts()).filteredOn((mount) -> mount.getMountPath().equals("/var/lib/kubelet/pods"))
			.singleElement()
			.extracting(V1VolumeMount::getMountPropagation)
			.isEqualTo("Bidirectional");
		// the Go chart's 200Mi would get the JVM OOM-killed in cluster mode
		// (docs/performance.md)
		assertThat(driver.getResources().getLimits().get("memory").toSuffixedString()).isEqualTo("320Mi");
		V1CSIDriver csiDriver = Chart.ofType(objects, V1CSIDriver.class).get(0);
		assertThat(csiDriver.getMetadata().getName()).isEqualTo("secrets-store.csi.k8s.io");
		assertThat(csiDriver.getSpec().getPodInfoOnMount()).isTrue();
		assertThat(csiDriver.getSpec().getAttachRequired()).isFalse();
		assertThat(csiDriver.getSpec().getVolumeLifecycleModes()).containsExactly("Ephemeral");
		assertThat(csiDriver.getSpec().getRequiresRepublish()).isFalse();
		assertThat(Chart.ofType(objects, V1ClusterRole.class)).extracting((role) -> role.getMetadata().getName())
			.containsExactlyInAnyOrder("secretproviderclasses-role", "secretproviderclasses-admin-role",
					"secretproviderclasses-viewer-role", "secretproviderclasspodstatuses-viewer-role",
					"secretproviderauthdelegator-role");
		assertThat(Chart.ofType(objects, V1ClusterRoleBinding.class))
			.extracting((binding) -> binding.getRoleRef().getName())
			.containsExactlyInAnyOrder("secretproviderclasses-role", "secretproviderauthdelegator-role");
	}

	/**
	 * helm upgrade from the Go chart keeps the release name, so the DaemonSet must get
	 * the Go chart's name for it (else Helm deletes the Go DaemonSet and creates ours
	 * beside it, on every node at once).
	 */
	@Test
	void theDaemonSetIsNamedAsTheGoChartNamesIt() throws Exception {
		assertThat(daemonSetName(Map.of())).isEqualTo("secrets-store-csi-driver");
		assertThat(daemonSetName(Map.of("fullnameOverride", "csi-secrets-store"))).isEqualTo("csi-secrets-store");
		V1DaemonSet renamed = Chart.ofType(Chart.objects(Map.of("nameOverride", "sscd")), V1DaemonSet.class).get(0);
		assertThat(renamed.getMetadata().getName()).isEqualTo("secrets-store-csi-driver-sscd");
		assertThat(renamed.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "sscd"));
		// the release name of the Go driver's install instructions
		String rendered = new Helm(Chart.DIRECTORY).template()
			.withName("csi-secrets-store")
			.withNamespace("kube-system")
			.call();
		assertThat(Chart.ofType(Chart.parse(rendered), V1DaemonSet.class).get(0).getMetadata().getName())
			.isEqualTo("csi-secrets-store-secrets-store-csi-driver");
	}

	@Test
	void rotationTurnsOnRepublishUnlessOnlyTheSchedulerTriggers() throws Exception {
		List<Object> both = Chart.objects(Map.of("enableSecretRotation", "true", "rotationPollInterval", "1h"));
		assertThat(Chart.ofType(both, V1CSIDriver.class).get(0).getSpec().getRequiresRepublish()).isTrue();
		assertThat(driverArgs(both)).contains("--enable-secret-rotation", "--rotation-poll-interval=1h",
				"--rotation-trigger=both");
		List<Object> scheduler = Chart.objects(Map.of("enableSecretRotation", "true", "rotationTrigger", "scheduler"));
		assertThat(Chart.ofType(scheduler, V1CSIDriver.class).get(0).getSpec().getRequiresRepublish()).isFalse();
	}

	@Test
	void windowsAndUnknownTriggersStopTheInstallWithAMessage() {
		assertThatThrownBy(() -> Chart.template(Map.of("windows.enabled", "true")))
			.hasMessageContaining("Linux nodes only");
		assertThatThrownBy(() -> Chart.template(Map.of("rotationTrigger", "cron")))
			.hasMessageContaining("rotationTrigger must be");
	}

	@Test
	@SuppressWarnings("unchecked")
	void valuesKeepTheGoChartsKeys() throws Exception {
		Map<String, Object> values = Chart.defaultValues();
		for (String key : GO_CHART_KEYS) {
			Map<String, Object> level = values;
			String[] parts = key.split("\\.");
			for (int i = 0; i < parts.length - 1; i++) {
				assertThat(level).as(key).containsKey(parts[i]);
				level = (Map<String, Object>) level.get(parts[i]);
			}
			assertThat(level).as(key).containsKey(parts[parts.length - 1]);
		}
	}

	/**
	 * The benchmarks measure the driver with {@code jvm-options}; the chart must ship the
	 * same options.
	 */
	@Test
	void theChartShipsTheJvmOptionsTheBenchmarksMeasure() throws Exception {
		Map<String, Object> values = Chart.defaultValues();
		List<String> measured = Files.readAllLines(Path.of("jvm-options"))
			.stream()
			.filter((line) -> !line.isBlank())
			.toList();
		assertThat(List.of(((String) values.get("jvmOptions")).trim().split("\\s+"))).isEqualTo(measured);
	}

	/**
	 * {@code manifests/secrets-store-csi-driver.yaml} is the chart rendered with its
	 * defaults and the Go static manifests' names ({@link #STATIC_MANIFEST_VALUES});
	 * regenerate it with {@code mvn -pl deploy test -Dmanifests.write=true}.
	 */
	@Test
	void staticManifestsAreWhatTheChartRenders() throws Exception {
		Path manifests = Path.of("manifests/secrets-store-csi-driver.yaml");
		String rendered = "# Generated from helm/secrets-store-csi-driver with its default values (namespace kube-system)\n"
				+ "# and nameOverride=fullnameOverride=csi-secrets-store, the Go driver's static manifests' names.\n"
				+ "# Do not edit: regenerate with mvn -pl deploy test -Dmanifests.write=true\n"
				+ Chart.template(STATIC_MANIFEST_VALUES);
		if (Boolean.getBoolean("manifests.write")) {
			Files.createDirectories(manifests.getParent());
			Files.writeString(manifests, rendered);
		}
		assertThat(manifests).as("regenerate with mvn -pl deploy test -Dmanifests.write=true").hasContent(rendered);
	}

	private static String daemonSetName(Map<String, String> values) throws Exception {
		return Chart.ofType(Chart.objects(values), V1DaemonSet.class).get(0).getMetadata().getName();
	}

	private static List<String> driverArgs(List<Object> objects) {
		return Chart.ofType(objects, V1DaemonSet.class)
			.get(0)
			.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(1)
			.getArgs();
	}

}
