package dev.secretsstore.driver.reload;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.volume.MountedVolumes;

/**
 * Standalone mode's reload targets: with no pod to read, the volume's attributes (its
 * volume context, as the {@code kubelet publish} command passes them) opt in with
 * {@value ReloadUrl#ANNOTATION}, and the pod's address is
 * {@value ReloadUrl#POD_ADDRESS_ATTRIBUTE}, else
 * {@code secrets-store.reload.pod-address}.
 */
final class VolumeContextReloadTargets implements ReloadTargets {

	private final MountedVolumes volumes;

	private final String defaultAddress;

	VolumeContextReloadTargets(MountedVolumes volumes, String defaultAddress) {
		this.volumes = volumes;
		this.defaultAddress = defaultAddress;
	}

	@Override
	public Optional<URI> of(RotationEvent event) {
		Optional<Map<String, String>> context = this.volumes.get(Path.of(event.targetPath()))
			.map(MountedVolume::volumeContext);
		String url = context.map((attributes) -> attributes.get(ReloadUrl.ANNOTATION)).orElse(null);
		if (url == null || url.isBlank()) {
			return Optional.empty();
		}
		String address = context.get().getOrDefault(ReloadUrl.POD_ADDRESS_ATTRIBUTE, this.defaultAddress);
		return Optional.of(ReloadUrl.resolve(url, address));
	}

}
