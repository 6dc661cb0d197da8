package dev.secretsstore.driver.sync;

import java.time.Clock;
import java.util.Optional;
import java.util.function.BiConsumer;

import dev.secretsstore.driver.csi.CsiProperties;
import dev.secretsstore.driver.events.EventType;
import dev.secretsstore.driver.events.PodEvents;
import dev.secretsstore.driver.kubernetes.WatchClient;
import dev.secretsstore.driver.kubernetes.WatchedObjects;
import dev.secretsstore.driver.status.MountedVolume;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.options.ListOptions;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Registers {@link SecretSync} as a mounted-content listener in cluster mode, unless
 * {@code secrets-store.sync.enabled=false}, with the two watches it reads from, scoped as the Go driver's caches: the
 * pods on this node (for the Secrets' owners) and the Secrets the driver manages (to notice edits by others).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "secrets-store.standalone.enabled", havingValue = false, matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "secrets-store.sync.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SyncProperties.class)
class SyncConfiguration {

	@Bean(destroyMethod = "close")
	WatchedObjects<V1Pod, V1Pod> podsOnThisNode(WatchClient kubernetesWatchClient, CsiProperties csi) {
		return WatchedObjects.start("pods on this node", V1Pod.class,
				new GenericKubernetesApi<>(V1Pod.class, V1PodList.class, "", "v1", "pods",
						kubernetesWatchClient.client()),
				new ListOptions().fieldSelector("spec.nodeName=" + csi.nodeId()), SyncConfiguration::ownership);
	}

	/**
	 * What the owners of a Secret depend on: the pod's identity, owners, and whether it is being deleted.
	 */
	private static V1Pod ownership(V1Pod pod) {
		V1ObjectMeta metadata = pod.getMetadata();
		return new V1Pod().metadata(new V1ObjectMeta().namespace(metadata.getNamespace())
			.name(metadata.getName())
			.uid(metadata.getUid())
			.ownerReferences(metadata.getOwnerReferences())
			.deletionTimestamp(metadata.getDeletionTimestamp()));
	}

	@Bean(destroyMethod = "close")
	WatchedObjects<V1Secret, SecretFingerprint> managedSecrets(WatchClient kubernetesWatchClient) {
		return WatchedObjects.start("managed secrets", V1Secret.class,
				new GenericKubernetesApi<>(V1Secret.class, V1SecretList.class, "", "v1", "secrets",
						kubernetesWatchClient.client()),
				new ListOptions().labelSelector(DesiredSecret.MANAGED_LABEL + "=true"), SecretFingerprint::of);
	}

	@Bean
	SecretSync secretSync(ApiClient kubernetesApiClient, Environment environment,
			WatchedObjects<V1Pod, V1Pod> podsOnThisNode, WatchedObjects<V1Secret, SecretFingerprint> managedSecrets) {
		CoreV1Api api = new CoreV1Api(kubernetesApiClient);
		BiConsumer<MountedVolume, String> failureEvents = (volume, message) -> {
		};
		if (environment.getProperty("secrets-store.events.enabled", Boolean.class, true)) {
			// the Go driver's Secret controller raises these, under its own component name
			PodEvents events = new PodEvents(api, "csi-secrets-store-controller", Clock.systemUTC());
			failureEvents = (volume, message) -> events.record(volume.pod().namespace(), volume.pod().name(),
					volume.pod().uid(), EventType.WARNING, "FailedToCreateSecret", message);
		}
		SecretOwners owners = new SecretOwners(podsOnThisNode::get, api, new CustomObjectsApi(kubernetesApiClient));
		SecretSync sync = new SecretSync(new SecretWriter(api), owners, new SyncFailures(), failureEvents);
		managedSecrets.onChange((key, live) -> {
			String[] namespaceAndName = key.split("/", 2);
			sync.secretChanged(namespaceAndName[0], namespaceAndName[1], live);
		});
		return sync;
	}

}
