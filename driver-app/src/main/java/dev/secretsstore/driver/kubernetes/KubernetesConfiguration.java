package dev.secretsstore.driver.kubernetes;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.secretsstore.driver.actuator.http.ManagementProperties;
import dev.secretsstore.driver.actuator.http.WriteAuthorizer;
import dev.secretsstore.driver.status.MountStatusStore;
import dev.secretsstore.driver.status.PodStatusDocuments;
import dev.secretsstore.driver.rotation.tokens.TokenMinter;
import dev.secretsstore.driver.mode.ConditionalOnClusterMode;
import dev.secretsstore.driver.model.NodeIdentity;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.StorageV1Api;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Cluster mode: SecretProviderClasses and this node's pods watched on the API server,
 * mount status as SecretProviderClassPodStatus objects, with
 * {@code --enable-token-minting} service-account tokens for rotations when kubelet's have
 * expired, and the check of writes to the management port with TokenReview and
 * SubjectAccessReview.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClusterMode
@EnableConfigurationProperties(ManagementProperties.class)
class KubernetesConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(KubernetesConfiguration.class);

	// a burst of requests costs two reviews; a revoked token or permission takes effect
	// this late at most
	private static final Duration WRITE_DECISIONS_KEPT_FOR = Duration.ofSeconds(10);

	private static final int MAX_WRITE_DECISIONS = 256;

	@Bean
	ApiClient kubernetesApiClient(Environment environment) {
		// the Environment holds the process's variables and system properties; tests
		// override them there
		ApiClient client = KubernetesClients.connect(environment::getProperty, KubernetesClients.SERVICE_ACCOUNT_TOKEN);
		logger.info("Cluster mode: Kubernetes API server {}", client.getBasePath());
		return client;
	}

	@Bean
	CustomObjectsApi customObjectsApi(ApiClient kubernetesApiClient) {
		return new CustomObjectsApi(kubernetesApiClient);
	}

	@Bean
	WatchClient kubernetesWatchClient(Environment environment) {
		// a watch waits for events as long as the server keeps it open: no read timeout
		return new WatchClient(
				KubernetesClients.connect(environment::getProperty, KubernetesClients.SERVICE_ACCOUNT_TOKEN)
					.setReadTimeout(0));
	}

	@Bean
	WatchesHealth kubernetesWatchesHealthIndicator(WatchedSecretProviderClasses watchedSecretProviderClasses,
			NodePods nodePods, ObjectProvider<WatchedObjects<?, ?>> otherWatches) {
		List<WatchedObjects<?, ?>> watches = new ArrayList<>();
		watches.add(watchedSecretProviderClasses.watched());
		nodePods.watch().ifPresent(watches::add);
		otherWatches.orderedStream().forEach(watches::add);
		return new WatchesHealth(watches);
	}

	/**
	 * The pods of this node, one watch that Secret sync, reload hooks and restarts share.
	 * It begins with the first of them that needs it: the first volume that syncs a
	 * Secret, or the start of the driver when reload hooks or restarts are on.
	 */
	@Bean(destroyMethod = "close")
	NodePods nodePods(WatchClient kubernetesWatchClient, ApiClient kubernetesApiClient, NodeIdentity node) {
		return NodePods.watching(kubernetesWatchClient.client(), new CoreV1Api(kubernetesApiClient), node.nodeId());
	}

	@Bean
	@ConditionalOnBooleanProperty("secrets-store.reload.enabled")
	ApiReloadTargets apiReloadTargets(NodePods nodePods) {
		// every rotation that changes a pod's files reads the pod: from the watch, once
		// it has listed this node's pods
		nodePods.start();
		return new ApiReloadTargets(nodePods);
	}

	@Bean
	@ConditionalOnBooleanProperty("secrets-store.restart.enabled")
	ApiWorkloads apiWorkloads(ApiClient kubernetesApiClient, NodePods nodePods,
			WatchedSecretProviderClasses watchedSecretProviderClasses) {
		// the pods and the SecretProviderClasses' opt-in are read from the watches'
		// caches: no request for them per rotation
		nodePods.start();
		return new ApiWorkloads(nodePods, new AppsV1Api(kubernetesApiClient), watchedSecretProviderClasses);
	}

	@Bean
	ApiServiceAccounts serviceAccounts(ApiClient kubernetesApiClient) {
		// in-process providers that read service-account annotations, as the AWS provider
		// reads its IAM role
		return new ApiServiceAccounts(new CoreV1Api(kubernetesApiClient), Duration.ofMinutes(1), Clock.systemUTC());
	}

	@Bean
	ApiSharedKeys sharedKeys(ApiClient kubernetesApiClient) {
		// keys that every node shares, such as the Vault provider's HMAC key for object
		// versions
		String namespace = ApiSharedKeys.ownNamespace(ApiSharedKeys.SERVICE_ACCOUNT_NAMESPACE);
		return new ApiSharedKeys(new CoreV1Api(kubernetesApiClient), namespace, Duration.ofMinutes(1),
				Clock.systemUTC());
	}

	@Bean(destroyMethod = "close")
	WatchedSecretProviderClasses watchedSecretProviderClasses(WatchClient kubernetesWatchClient,
			CustomObjectsApi customObjectsApi) {
		return WatchedSecretProviderClasses.start(kubernetesWatchClient.client(),
				new ApiSecretProviderClasses(customObjectsApi));
	}

	@Bean
	@ConditionalOnBooleanProperty("secrets-store.rotation.mint-tokens")
	TokenMinter apiTokenMinter(ApiClient kubernetesApiClient, NodeIdentity node) {
		logger.info("Token minting is on: a rotation mints service-account tokens when kubelet's have expired "
				+ "(needs RBAC to create serviceaccounts/token)");
		return new ApiTokenMinter(new CoreV1Api(kubernetesApiClient), new StorageV1Api(kubernetesApiClient),
				node.driverName());
	}

	/**
	 * Writes to the management port ({@code POST /actuator/rotations}) need a bearer
	 * token that the API server authenticates (TokenReview) and authorizes
	 * (SubjectAccessReview on the request's path and verb).
	 */
	@Bean
	WriteAuthorizer apiWriteAuthorizer(ApiClient kubernetesApiClient, ManagementProperties management) {
		if (management.hasToken()) {
			logger.warn("secrets-store.management.token(-file) applies in standalone mode only: cluster mode "
					+ "checks bearer tokens with TokenReview and SubjectAccessReview");
		}
		logger.info("Management port: reads are open; writes need a bearer token allowed to <verb> <path> by a "
				+ "SubjectAccessReview (docs/security.md)");
		return new ApiWriteAuthorizer(new AuthenticationV1Api(kubernetesApiClient),
				new AuthorizationV1Api(kubernetesApiClient), WRITE_DECISIONS_KEPT_FOR, MAX_WRITE_DECISIONS,
				Clock.systemUTC());
	}

	@Bean
	MountStatusStore apiMountStatusStore(CustomObjectsApi customObjectsApi, NodeIdentity node) {
		if (node.nodeId().isBlank()) {
			// an empty node label would mix this node's volumes with every other
			// unlabelled status
			throw new ClusterModeUnavailableException("cluster mode needs this node's name: set --nodeid");
		}
		return new ApiMountStatusStore(customObjectsApi, new PodStatusDocuments(node.nodeId()), node.nodeId());
	}

}
