package dev.secretsstore.driver.kubernetes.sync;

import dev.secretsstore.driver.kubernetes.NodePods;
import dev.secretsstore.driver.kubernetes.WatchClient;
import dev.secretsstore.driver.kubernetes.events.PodEvents;
import dev.secretsstore.driver.kubernetes.WatchedObjects;
import dev.secretsstore.driver.mode.ConditionalOnClusterMode;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.options.ListOptions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers {@link SecretSync} as a mounted-content listener in cluster mode, unless
 * {@code secrets-store.sync.enabled=false}, with the two watches it reads from, scoped as
 * the Go driver's caches: the pods on this node (for the Secrets' owners: the
 * {@link NodePods} the Kubernetes wiring shares with reload hooks and restarts) and the
 * Secrets the driver manages (to notice edits by others). Sync starts both with the first
 * volume that syncs a Secret.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClusterMode
@ConditionalOnBooleanProperty(name = "secrets-store.sync.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SyncProperties.class)
class SyncConfiguration {

	@Bean(destroyMethod = "close")
	WatchedObjects<V1Secret, SecretFingerprint> managedSecrets(WatchClient kubernetesWatchClient) {
		return WatchedObjects.prepare("managed secrets", V1Secret.class,
				new GenericKubernetesApi<>(V1Secret.class, V1SecretList.class, "", "v1", "secrets",
						kubernetesWatchClient.client()),
				new ListOptions().labelSelector(DesiredSecret.MANAGED_LABEL + "=true"), SecretFingerprint::of,
				SyncFailures.FORBIDDEN + " (until then, synced Secrets changed by others are not repaired)");
	}

	@Bean
	SecretSync secretSync(ApiClient kubernetesApiClient, ObjectProvider<PodEvents> podEvents, NodePods nodePods,
			WatchedObjects<V1Secret, SecretFingerprint> managedSecrets) {
		CoreV1Api api = new CoreV1Api(kubernetesApiClient);
		// the one recorder, when Kubernetes Events are on (secrets-store.events.enabled)
		PodEvents recorder = podEvents.getIfAvailable();
		SyncEvents events = (recorder != null) ? new PodSyncEvents(recorder) : SyncEvents.NONE;
		SecretOwners owners = new SecretOwners(nodePods, new CustomObjectsApi(kubernetesApiClient));
		// the watches begin with the first volume that syncs Secrets: a cluster that
		// syncs none (the chart's
		// default, syncSecret.enabled=false, grants no right to list Secrets) asks for
		// nothing
		Runnable watchesNeeded = () -> {
			nodePods.start();
			managedSecrets.start();
		};
		SecretSync sync = new SecretSync(new SecretWriter(api), owners, new SyncFailures(), events, watchesNeeded);
		managedSecrets.onChange((key, live) -> {
			String[] namespaceAndName = key.split("/", 2);
			sync.secretChanged(namespaceAndName[0], namespaceAndName[1], live);
		});
		return sync;
	}

}
