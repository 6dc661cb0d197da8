package dev.secretsstore.driver.actuator;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.rotation.RotationReconciler;
import dev.secretsstore.driver.rotation.RotationReconciler.VolumeCheck;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.volume.MountedVolumes;
import dev.secretsstore.provider.ObjectVersion;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/secretmounts}: every mounted volume with its SecretProviderClass,
 * provider, object versions, when the leases of leased objects (dynamic credentials) end,
 * and, when rotation is on, its last check, last outcome and next due time. Names and
 * times only, never contents.
 */
@Endpoint(id = "secretmounts")
public class SecretMountsEndpoint {

	private final MountedVolumes volumes;

	private final ObjectProvider<RotationReconciler> reconciler;

	public SecretMountsEndpoint(MountedVolumes volumes, ObjectProvider<RotationReconciler> reconciler) {
		this.volumes = volumes;
		this.reconciler = reconciler;
	}

	@ReadOperation
	public List<Mount> mounts() {
		RotationReconciler rotation = this.reconciler.getIfAvailable();
		return this.volumes.all()
			.stream()
			.sorted(Comparator.comparing((MountedVolume volume) -> volume.pod().namespace())
				.thenComparing((volume) -> volume.pod().name()))
			.map((volume) -> Mount.of(volume,
					(rotation != null) ? rotation.check(volume.targetPath()) : Optional.empty()))
			.toList();
	}

	/**
	 * One mounted volume.
	 *
	 * @param namespace the pod's namespace
	 * @param pod the pod's name
	 * @param podUid the pod's UID
	 * @param secretProviderClass the SecretProviderClass
	 * @param provider the provider
	 * @param volumeId kubelet's volume id
	 * @param targetPath the mount folder
	 * @param objects the mounted objects' versions
	 * @param leaseExpiries when the lease of each leased object ends, by object id, as
	 * the provider said at the last mount or refresh since the driver started; empty when
	 * no object has a lease
	 * @param lastChecked when the provider was last asked by rotation, if it has been
	 * @param lastOutcome the last rotation's outcome, if any
	 * @param nextDue when rotation checks it next, if rotation is on
	 */
	public record Mount(String namespace, String pod, String podUid, String secretProviderClass, String provider,
			String volumeId, String targetPath, List<ObjectVersion> objects, Map<String, Instant> leaseExpiries,
			Instant lastChecked, RotationEvent.Outcome lastOutcome, Instant nextDue) {

		static Mount of(MountedVolume volume, Optional<VolumeCheck> check) {
			return new Mount(volume.pod().namespace(), volume.pod().name(), volume.pod().uid(),
					volume.secretProviderClass(), volume.provider(), volume.volumeId(), volume.targetPath().toString(),
					volume.objectVersions(), volume.leaseExpiries(), check.map(VolumeCheck::lastChecked).orElse(null),
					check.map(VolumeCheck::lastEvent).map(RotationEvent::outcome).orElse(null),
					check.map(VolumeCheck::nextDue).orElse(null));
		}

	}

}
