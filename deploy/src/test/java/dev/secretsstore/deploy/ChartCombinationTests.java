package dev.secretsstore.deploy;

import java.util.List;
import java.util.Map;

import com.marcnuri.helm.LintResult;
import io.kubernetes.client.openapi.models.StorageV1TokenRequest;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1CSIDriver;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * The chart with the values users combine: each combination lints (strict), renders,
 * parses into client-java's models, and does what it says.
 */
class ChartCombinationTests {

	@Test
	void secretSyncBindsTheSyncRoleToTheDriver() throws Exception {
		Rendered rendered = render("""
				syncSecret:
				  enabled: true
				""");
		V1ClusterRole sync = rendered.clusterRole("secretprovidersyncing-role");
		assertThat(sync.getRules()).singleElement().satisfies((rule) -> {
			assertThat(rule.getApiGroups()).containsExactly("");
			assertThat(rule.getResources()).containsExactly("secrets");
			assertThat(rule.getVerbs()).containsExactlyInAnyOrder("create", "delete", "get", "list", "patch", "update",
					"watch");
		});
		rendered.assertBoundToTheDriver("secretprovidersyncing-rolebinding", "secretprovidersyncing-role");
		// the base role still cannot touch Secrets
		assertThat(rendered.clusterRole("secretproviderclasses-role").getRules())
			.noneSatisfy((rule) -> assertThat(rule.getResources()).contains("secrets"));
		assertThat(render("").clusterRoleNames()).doesNotContain("secretprovidersyncing-role");
	}

	@Test
	void rotationOffAsksForNoRepublishAndPassesNoRotationFlag() throws Exception {
		Rendered rendered = render("""
				enableSecretRotation: false
				rotationPollInterval: 1h
				rotationTrigger: republish
				""");
		assertThat(rendered.csiDriver().getSpec().getRequiresRepublish()).isFalse();
		assertThat(rendered.driverArgs())
			.noneMatch((arg) -> arg.startsWith("--enable-secret-rotation") || arg.startsWith("--rotation-"));
	}

	@Test
	void tokenRequestsReachTheCsiDriverAndGrantNothing() throws Exception {
		Rendered rendered = render("""
				tokenRequests:
				- audience: vault
				- audience: sts.amazonaws.com
				  expirationSeconds: 3600
				""");
		assertThat(rendered.csiDriver().getSpec().getTokenRequests())
			.extracting(StorageV1TokenRequest::getAudience, StorageV1TokenRequest::getExpirationSeconds)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("vault", null),
					org.assertj.core.groups.Tuple.tuple("sts.amazonaws.com", 3600L));
		// helm template assumes an old cluster: tokens in the request's secrets are for
		// 1.35+ only
		assertThat(rendered.csiDriver().getSpec().getServiceAccountTokenInSecrets()).isNull();
		// unlike the Go chart 1.5, which bound secretprovidertokenrequest-role whenever
		// tokenRequests was set
		assertThat(rendered.clusterRoleNames()).doesNotContain("secretprovidertokenminting-role");
		assertThat(rendered.driverArgs()).doesNotContain("--enable-token-minting");
		assertThat(render("").csiDriver().getSpec().getTokenRequests()).isNullOrEmpty();
	}

	@Test
	void additionalProviderDirsAreMountedOnceEach() throws Exception {
		Rendered rendered = render("""
				linux:
				  additionalProvidersDirs:
				  - /etc/kubernetes/secrets-store-csi-providers
				  - /opt/providers
				  - /var/run/secrets-store-csi-providers
				""");
		assertThat(rendered.driverArgs()).contains("--provider-volume=/var/run/secrets-store-csi-providers",
				"--additional-provider-volume-paths=/etc/kubernetes/secrets-store-csi-providers,/opt/providers,"
						+ "/var/run/secrets-store-csi-providers");
		// the third is providersDir, mounted already: a second mount at the same path
		// would make the pod invalid
		assertThat(rendered.hostPaths())
			.contains(entry("providers-dir", "/var/run/secrets-store-csi-providers"),
					entry("providers-dir-0", "/etc/kubernetes/secrets-store-csi-providers"),
					entry("providers-dir-1", "/opt/providers"))
			.doesNotContainKey("providers-dir-2");
		assertThat(rendered.driverMounts())
			.contains(entry("providers-dir", "/var/run/secrets-store-csi-providers"),
					entry("providers-dir-0", "/etc/kubernetes/secrets-store-csi-providers"),
					entry("providers-dir-1", "/opt/providers"))
			.doesNotContainKey("providers-dir-2");
		assertThat(rendered.driver().getVolumeMounts()).extracting(V1VolumeMount::getMountPath).doesNotHaveDuplicates();

		Rendered none = render("""
				linux:
				  additionalProvidersDirs: []
				""");
		assertThat(none.driverArgs()).contains("--additional-provider-volume-paths=");
		assertThat(none.hostPaths()).containsOnlyKeys("mountpoint-dir", "registration-dir", "plugin-dir",
				"providers-dir");
	}

	@Test
	void aCustomProvidersDirIsWhereTheDriverLooks() throws Exception {
		Rendered rendered = render("""
				linux:
				  providersDir: /opt/csi-providers
				""");
		assertThat(rendered.driverArgs()).contains("--provider-volume=/opt/csi-providers");
		assertThat(rendered.hostPaths()).contains(entry("providers-dir", "/opt/csi-providers"));
		assertThat(rendered.driverMounts()).contains(entry("providers-dir", "/opt/csi-providers"));
	}

	@Test
	void volumeMountGroupPassesTheFlagAndSetsTheCsiDriversFsGroupPolicy() throws Exception {
		Rendered rendered = render("""
				volumeMountGroup:
				  enabled: true
				""");
		assertThat(rendered.driverArgs()).contains("--enable-volume-mount-group");
		assertThat(rendered.csiDriver().getSpec().getFsGroupPolicy()).isEqualTo("File");

		Rendered off = render("");
		assertThat(off.driverArgs()).doesNotContain("--enable-volume-mount-group");
		assertThat(off.csiDriver().getSpec().getFsGroupPolicy()).as("kubernetes' default, as the Go chart").isNull();
	}

	@Test
	void restartOnRotationPassesItsPropertiesAndBindsOnlyTheRightToRestartWorkloads() throws Exception {
		Rendered rendered = render("""
				enableSecretRotation: true
				restartOnRotation:
				  enabled: true
				  minPeriod: 15m
				""");
		assertThat(rendered.driverArgs()).contains("--secrets-store.restart.enabled=true",
				"--secrets-store.restart.quiet-period=30s", "--secrets-store.restart.min-period=15m");
		V1ClusterRole restart = rendered.clusterRole("secretproviderrestart-role");
		assertThat(restart.getRules()).satisfiesExactly((replicaSets) -> {
			assertThat(replicaSets.getApiGroups()).containsExactly("apps");
			assertThat(replicaSets.getResources()).containsExactly("replicasets");
			assertThat(replicaSets.getVerbs()).containsExactly("get");
		}, (workloads) -> {
			assertThat(workloads.getApiGroups()).containsExactly("apps");
			assertThat(workloads.getResources()).containsExactly("deployments", "statefulsets", "daemonsets");
			assertThat(workloads.getVerbs()).containsExactly("get", "patch");
		});
		rendered.assertBoundToTheDriver("secretproviderrestart-rolebinding", "secretproviderrestart-role");
		// no other role may touch workloads: the permission stays with the value
		assertThat(rendered.objectsOf(V1ClusterRole.class))
			.filteredOn((role) -> !role.getMetadata().getName().equals("secretproviderrestart-role"))
			.flatExtracting(V1ClusterRole::getRules)
			.noneMatch((rule) -> rule.getApiGroups() != null && rule.getApiGroups().contains("apps"));

		Rendered off = render("");
		assertThat(off.driverArgs()).noneMatch((arg) -> arg.startsWith("--secrets-store.restart"));
		assertThat(off.clusterRoleNames()).doesNotContain("secretproviderrestart-role");
		Rendered withoutRbac = render("""
				rbac:
				  install: false
				restartOnRotation:
				  enabled: true
				""");
		assertThat(withoutRbac.driverArgs()).contains("--secrets-store.restart.enabled=true");
		assertThat(withoutRbac.objectsOf(V1ClusterRole.class)).isEmpty();
	}

	@Test
	void reloadHooksPassTheirProperty() throws Exception {
		assertThat(render("""
				enableSecretRotation: true
				reloadHooks:
				  enabled: true
				""").driverArgs()).contains("--secrets-store.reload.enabled=true");
		assertThat(render("").driverArgs()).noneMatch((arg) -> arg.startsWith("--secrets-store.reload"));
	}

	@Test
	void vaultKvMetadataChecksPassTheirProperty() throws Exception {
		assertThat(render("""
				providers:
				  vault:
				    kvMetadataChecks: true
				""").driverArgs()).contains("--secrets-store.provider.vault.kv-metadata-checks=true");
		assertThat(render("").driverArgs()).noneMatch((arg) -> arg.contains("kv-metadata-checks"));
	}

	@Test
	void expiryAwarenessIsOnByDefaultAndItsThresholdAndSwitchPassThrough() throws Exception {
		assertThat(render("").driverArgs()).noneMatch((arg) -> arg.startsWith("--secrets-store.expiry"));
		assertThat(render("""
				expiry:
				  warnBefore: 72h
				""").driverArgs()).contains("--secrets-store.expiry.warn-before=72h")
			.doesNotContain("--secrets-store.expiry.enabled=false");
		assertThat(render("""
				expiry:
				  enabled: false
				""").driverArgs()).contains("--secrets-store.expiry.enabled=false");
	}

	@Test
	void theChangeWebhookGetsItsOwnPortAndTheTokenSecretMountedOrTheChartRefusesToRender() throws Exception {
		Rendered rendered = render("""
				enableSecretRotation: true
				webhook:
				  enabled: true
				  tokenSecret: store-webhook
				""");
		assertThat(rendered.driverArgs()).contains("--secrets-store.webhook.enabled=true",
				"--secrets-store.webhook.addr=:8097",
				"--secrets-store.webhook.token-file=/etc/secrets-store-webhook/token");
		assertThat(rendered.driver().getPorts()).anySatisfy((port) -> {
			assertThat(port.getName()).isEqualTo("webhook");
			assertThat(port.getContainerPort()).isEqualTo(8097);
		});
		assertThat(rendered.driver().getVolumeMounts()).anySatisfy((mount) -> {
			assertThat(mount.getMountPath()).isEqualTo("/etc/secrets-store-webhook");
			assertThat(mount.getReadOnly()).isTrue();
		});
		assertThat(rendered.podSpec().getVolumes())
			.anySatisfy((volume) -> assertThat(volume.getSecret().getSecretName()).isEqualTo("store-webhook"));

		Rendered off = render("");
		assertThat(off.driverArgs()).noneMatch((arg) -> arg.startsWith("--secrets-store.webhook"));
		assertThat(off.driver().getPorts()).noneMatch((port) -> port.getName().equals("webhook"));
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> render("""
				webhook:
				  enabled: true
				""")).withStackTraceContaining("webhook.enabled needs webhook.tokenSecret");
	}

	@Test
	void logFormatJsonPassesTheFlag() throws Exception {
		assertThat(render("logFormatJSON: true").driverArgs()).contains("--log-format-json");
		assertThat(render("").driverArgs()).noneMatch((arg) -> arg.startsWith("--log-format-json"));
	}

	@Test
	void tokenMintingPassesTheFlagAndBindsOnlyTheRightToMintTokens() throws Exception {
		Rendered rendered = render("""
				enableSecretRotation: true
				tokenRequests:
				- audience: vault
				tokenMinting:
				  enabled: true
				""");
		assertThat(rendered.driverArgs()).contains("--enable-token-minting");
		V1ClusterRole minting = rendered.clusterRole("secretprovidertokenminting-role");
		assertThat(minting.getRules()).singleElement().satisfies((rule) -> {
			assertThat(rule.getApiGroups()).containsExactly("");
			assertThat(rule.getResources()).containsExactly("serviceaccounts/token");
			assertThat(rule.getVerbs()).containsExactly("create");
			assertThat(rule.getResourceNames()).isNullOrEmpty();
		});
		rendered.assertBoundToTheDriver("secretprovidertokenminting-rolebinding", "secretprovidertokenminting-role");
		// no other role gains it (the base role's get on serviceaccounts, for the aws
		// provider, mints nothing)
		assertThat(rendered.objectsOf(V1ClusterRole.class))
			.filteredOn((role) -> !role.getMetadata().getName().equals("secretprovidertokenminting-role"))
			.flatExtracting(V1ClusterRole::getRules)
			.filteredOn((rule) -> rule.getResources()
				.stream()
				.anyMatch((resource) -> resource.startsWith("serviceaccounts")))
			.allSatisfy((rule) -> {
				assertThat(rule.getResources()).containsExactly("serviceaccounts");
				assertThat(rule.getVerbs()).containsExactly("get");
			});

		Rendered off = render("");
		assertThat(off.driverArgs()).doesNotContain("--enable-token-minting");
		assertThat(off.clusterRoleNames()).doesNotContain("secretprovidertokenminting-role");
		Rendered withoutRbac = render("""
				rbac:
				  install: false
				tokenMinting:
				  enabled: true
				""");
		assertThat(withoutRbac.driverArgs()).contains("--enable-token-minting");
		assertThat(withoutRbac.objectsOf(V1ClusterRole.class)).isEmpty();
		assertThat(withoutRbac.objectsOf(V1ClusterRoleBinding.class)).isEmpty();
	}

	@Test
	void byDefaultTheDriverMayReviewTheTokensOfManagementWritesAndNothingMore() throws Exception {
		Rendered rendered = render("");
		V1ClusterRole reviews = rendered.clusterRole("secretproviderauthdelegator-role");
		assertThat(reviews.getRules()).satisfiesExactly((rule) -> {
			assertThat(rule.getApiGroups()).containsExactly("authentication.k8s.io");
			assertThat(rule.getResources()).containsExactly("tokenreviews");
			assertThat(rule.getVerbs()).containsExactly("create");
		}, (rule) -> {
			assertThat(rule.getApiGroups()).containsExactly("authorization.k8s.io");
			assertThat(rule.getResources()).containsExactly("subjectaccessreviews");
			assertThat(rule.getVerbs()).containsExactly("create");
		});
		rendered.assertBoundToTheDriver("secretproviderauthdelegator-rolebinding", "secretproviderauthdelegator-role");
		// no other role gains either review
		assertThat(rendered.objectsOf(V1ClusterRole.class))
			.filteredOn((role) -> !role.getMetadata().getName().equals("secretproviderauthdelegator-role"))
			.flatExtracting(V1ClusterRole::getRules)
			.noneSatisfy(
					(rule) -> assertThat(rule.getResources()).containsAnyOf("tokenreviews", "subjectaccessreviews"));

		Rendered off = render("""
				authDelegator:
				  enabled: false
				""");
		assertThat(off.clusterRoleNames()).doesNotContain("secretproviderauthdelegator-role");
		assertThat(off.objectsOf(V1ClusterRoleBinding.class))
			.noneMatch((binding) -> binding.getRoleRef().getName().equals("secretproviderauthdelegator-role"));
		Rendered withoutRbac = render("""
				rbac:
				  install: false
				""");
		assertThat(withoutRbac.objectsOf(V1ClusterRole.class)).isEmpty();
	}

	@Test
	void theVaultProviderMayGetAndCreateOnlyItsVersionKeyInTheDriversNamespace() throws Exception {
		Rendered rendered = render("");
		V1Role role = rendered.objectsOf(V1Role.class)
			.stream()
			.filter((candidate) -> candidate.getMetadata().getName().equals("secretprovidervaultkey-role"))
			.findFirst()
			.orElseThrow();
		assertThat(role.getMetadata().getNamespace()).isEqualTo("kube-system");
		assertThat(role.getRules()).hasSize(2).allSatisfy((rule) -> {
			assertThat(rule.getApiGroups()).containsExactly("");
			assertThat(rule.getResources()).containsExactly("secrets");
		});
		assertThat(role.getRules().get(0).getVerbs()).containsExactly("get");
		assertThat(role.getRules().get(0).getResourceNames()).containsExactly("vault-csi-provider-hmac-key");
		assertThat(role.getRules().get(1).getVerbs()).containsExactly("create");
		V1RoleBinding binding = rendered.objectsOf(V1RoleBinding.class).get(0);
		assertThat(binding.getRoleRef().getName()).isEqualTo("secretprovidervaultkey-role");
		assertThat(binding.getSubjects()).singleElement().satisfies((subject) -> {
			assertThat(subject.getName()).isEqualTo("secrets-store-csi-driver");
			assertThat(subject.getNamespace()).isEqualTo("kube-system");
		});

		Rendered withoutVault = render("""
				providers:
				  vault:
				    enabled: false
				""");
		assertThat(withoutVault.objectsOf(V1Role.class)).isEmpty();
		assertThat(withoutVault.objectsOf(V1RoleBinding.class)).isEmpty();
	}

	@Test
	void serviceMonitorScrapesTheDriverPodsThroughAHeadlessService() throws Exception {
		Rendered rendered = render("""
				linux:
				  metricsAddr: ":9095"
				serviceMonitor:
				  enabled: true
				  interval: 30s
				  namespace: monitoring
				  labels:
				    release: kube-prometheus-stack
				""");
		V1DaemonSet daemonSet = rendered.daemonSet();
		assertThat(rendered.driver().getPorts()).filteredOn((port) -> "metrics".equals(port.getName()))
			.singleElement()
			.extracting(V1ContainerPort::getContainerPort)
			.isEqualTo(9095);

		V1Service service = rendered.objectsOf(V1Service.class).get(0);
		assertThat(service.getMetadata().getName()).isEqualTo("secrets-store-csi-driver-metrics");
		assertThat(service.getMetadata().getNamespace()).isEqualTo("kube-system");
		assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
		assertThat(service.getSpec().getSelector()).isEqualTo(daemonSet.getSpec().getSelector().getMatchLabels());
		assertThat(daemonSet.getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(service.getSpec().getSelector());
		V1ServicePort port = service.getSpec().getPorts().get(0);
		assertThat(port.getName()).isEqualTo("metrics");
		assertThat(port.getPort()).isEqualTo(9095);
		assertThat(port.getTargetPort().getStrValue()).isEqualTo("metrics");

		Map<String, Object> monitor = Chart.ofKind(rendered.objects(), "ServiceMonitor").get(0);
		assertThat(monitor).containsEntry("apiVersion", "monitoring.coreos.com/v1");
		Map<String, Object> metadata = map(monitor.get("metadata"));
		assertThat(metadata).containsEntry("name", "secrets-store-csi-driver").containsEntry("namespace", "monitoring");
		assertThat(map(metadata.get("labels"))).containsEntry("release", "kube-prometheus-stack");
		Map<String, Object> spec = map(monitor.get("spec"));
		assertThat(map(spec.get("namespaceSelector"))).containsEntry("matchNames", List.of("kube-system"));
		assertThat(service.getMetadata().getLabels())
			.containsAllEntriesOf(stringMap(map(spec.get("selector")).get("matchLabels")));
		assertThat(list(spec.get("endpoints"))).singleElement().satisfies((endpoint) -> {
			assertThat(map(endpoint)).containsEntry("port", "metrics")
				.containsEntry("path", "/metrics")
				.containsEntry("interval", "30s");
		});

		Rendered defaults = render("""
				serviceMonitor:
				  enabled: true
				""");
		Map<String, Object> defaultMonitor = Chart.ofKind(defaults.objects(), "ServiceMonitor").get(0);
		assertThat(map(defaultMonitor.get("metadata"))).containsEntry("namespace", "kube-system");
		assertThat(map(list(map(defaultMonitor.get("spec")).get("endpoints")).get(0))).doesNotContainKey("interval");
		Rendered off = render("");
		assertThat(off.objectsOf(V1Service.class)).isEmpty();
		assertThat(Chart.ofKind(off.objects(), "ServiceMonitor")).isEmpty();
	}

	@Test
	void everyHostPathFollowsACustomKubeletRootDir() throws Exception {
		for (String root : List.of("/var/lib/k0s/kubelet", "/data/kubelet/")) {
			String expected = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
			Rendered rendered = render("""
					linux:
					  kubeletRootDir: %s
					""".formatted(root));
			assertThat(rendered.hostPaths()).contains(entry("mountpoint-dir", expected + "/pods"),
					entry("registration-dir", expected + "/plugins_registry/"),
					entry("plugin-dir", expected + "/plugins/csi-secrets-store/"));
			assertThat(rendered.driverMounts()).contains(entry("mountpoint-dir", expected + "/pods"));
			assertThat(rendered.driverArgs()).contains("--kubelet-root-dir=" + expected);
			V1Container registrar = rendered.container("node-driver-registrar");
			assertThat(registrar.getArgs())
				.contains("--kubelet-registration-path=" + expected + "/plugins/csi-secrets-store/csi.sock");
			assertThat(registrar.getLivenessProbe().getExec().getCommand())
				.contains("--kubelet-registration-path=" + expected + "/plugins/csi-secrets-store/csi.sock");
			assertThat(io.kubernetes.client.util.Yaml.dump(rendered.daemonSet())).doesNotContain("/var/lib/kubelet");
			assertThat(rendered.hostPaths().values()).noneMatch((path) -> path.contains("//"));
			assertThat(rendered.driverMounts().values()).noneMatch((path) -> path.contains("//"));
		}
	}

	@Test
	void inProcessProvidersCanBeTurnedOff() throws Exception {
		Rendered rendered = render("""
				providers:
				  vault:
				    enabled: false
				  aws:
				    enabled: false
				  azure:
				    enabled: false
				""");
		assertThat(rendered.driverEnv()).contains(entry("SECRETS_STORE_PROVIDER_VAULT_ENABLED", "false"),
				entry("SECRETS_STORE_PROVIDER_AWS_ENABLED", "false"),
				entry("SECRETS_STORE_PROVIDER_AZURE_ENABLED", "false"));
		Rendered onlyVaultOff = render("""
				providers:
				  vault:
				    enabled: false
				""");
		assertThat(onlyVaultOff.driverEnv()).contains(entry("SECRETS_STORE_PROVIDER_VAULT_ENABLED", "false"),
				entry("SECRETS_STORE_PROVIDER_AWS_ENABLED", "true"),
				entry("SECRETS_STORE_PROVIDER_AZURE_ENABLED", "true"));
		// the aws provider reads the IRSA role from service accounts; without it the
		// driver may not
		assertThat(serviceAccountRules(onlyVaultOff)).singleElement()
			.satisfies((rule) -> assertThat(rule.getVerbs()).containsExactly("get"));
		assertThat(serviceAccountRules(rendered)).isEmpty();
	}

	private static List<V1PolicyRule> serviceAccountRules(Rendered rendered) {
		return rendered.clusterRole("secretproviderclasses-role")
			.getRules()
			.stream()
			.filter((rule) -> rule.getResources().contains("serviceaccounts"))
			.toList();
	}

	/**
	 * Lints the chart with {@code values} (strict), renders it and parses every object.
	 */
	private static Rendered render(String values) throws Exception {
		LintResult lint = Chart.lintWithValues(values);
		assertThat(lint.isFailed())
			.as("helm lint --strict with\n" + values + "\n" + String.join("\n", lint.getMessages()))
			.isFalse();
		return new Rendered(Chart.parse(Chart.templateWithValues(values)));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object object) {
		assertThat(object).isInstanceOf(Map.class);
		return (Map<String, Object>) object;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> stringMap(Object object) {
		assertThat(object).isInstanceOf(Map.class);
		return (Map<String, String>) object;
	}

	private static List<?> list(Object object) {
		assertThat(object).isInstanceOf(List.class);
		return (List<?>) object;
	}

	private record Rendered(List<Object> objects) {

		<T> List<T> objectsOf(Class<T> type) {
			return Chart.ofType(this.objects, type);
		}

		V1DaemonSet daemonSet() {
			return objectsOf(V1DaemonSet.class).get(0);
		}

		V1PodSpec podSpec() {
			return daemonSet().getSpec().getTemplate().getSpec();
		}

		V1Container container(String name) {
			return podSpec().getContainers()
				.stream()
				.filter((container) -> container.getName().equals(name))
				.findFirst()
				.orElseThrow();
		}

		V1Container driver() {
			return container("secrets-store");
		}

		List<String> driverArgs() {
			return driver().getArgs();
		}

		Map<String, String> driverEnv() {
			return driver().getEnv()
				.stream()
				.filter((env) -> env.getValue() != null)
				.collect(java.util.stream.Collectors.toMap(V1EnvVar::getName, V1EnvVar::getValue));
		}

		/** Host path volumes by name. */
		Map<String, String> hostPaths() {
			return podSpec().getVolumes()
				.stream()
				.filter((volume) -> volume.getHostPath() != null)
				.collect(java.util.stream.Collectors.toMap(V1Volume::getName,
						(volume) -> volume.getHostPath().getPath()));
		}

		/** The driver container's mount paths by volume name. */
		Map<String, String> driverMounts() {
			return driver().getVolumeMounts()
				.stream()
				.collect(java.util.stream.Collectors.toMap(V1VolumeMount::getName, V1VolumeMount::getMountPath));
		}

		V1CSIDriver csiDriver() {
			return objectsOf(V1CSIDriver.class).get(0);
		}

		List<String> clusterRoleNames() {
			return objectsOf(V1ClusterRole.class).stream().map((role) -> role.getMetadata().getName()).toList();
		}

		V1ClusterRole clusterRole(String name) {
			return objectsOf(V1ClusterRole.class).stream()
				.filter((role) -> role.getMetadata().getName().equals(name))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no ClusterRole " + name + " among " + clusterRoleNames()));
		}

		void assertBoundToTheDriver(String bindingName, String roleName) {
			V1ClusterRoleBinding binding = objectsOf(V1ClusterRoleBinding.class).stream()
				.filter((each) -> each.getMetadata().getName().equals(bindingName))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no ClusterRoleBinding " + bindingName));
			assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
			assertThat(binding.getRoleRef().getName()).isEqualTo(roleName);
			assertThat(binding.getSubjects()).singleElement().satisfies((subject) -> {
				assertThat(subject.getKind()).isEqualTo("ServiceAccount");
				assertThat(subject.getName()).isEqualTo("secrets-store-csi-driver");
				assertThat(subject.getNamespace()).isEqualTo("kube-system");
			});
			assertThat(podSpec().getServiceAccountName()).isEqualTo("secrets-store-csi-driver");
		}

	}

}
