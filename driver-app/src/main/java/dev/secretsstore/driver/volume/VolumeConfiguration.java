package dev.secretsstore.driver.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.secretsstore.driver.model.SecretProviderClasses;
import dev.secretsstore.driver.mount.MountProperties;
import dev.secretsstore.driver.mount.Mounter;
import dev.secretsstore.driver.provider.ProviderCalls;
import dev.secretsstore.driver.provider.ProviderRegistry;
import dev.secretsstore.driver.status.MountStatusStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The volume use cases and the record of mounted volumes, restored from the status store
 * at start, with what rotation's refresh shares with publish: the per-volume locks,
 * kubelet's latest credentials, the provider calls and writes ({@link VolumeContents})
 * and the content listeners.
 */
@Configuration(proxyBeanMethods = false)
public class VolumeConfiguration {

	@Bean
	VolumeLocks volumeLocks() {
		return new VolumeLocks();
	}

	@Bean
	KubeletCredentials kubeletCredentials() {
		return new KubeletCredentials();
	}

	@Bean
	ContentListeners contentListeners(ObjectProvider<MountedContentListener> listeners) {
		return new ContentListeners(listeners.orderedStream().toList());
	}

	@Bean
	MountedVolumes mountedVolumes(MountStatusStore store, Mounter mounter) throws IOException {
		MountedVolumes volumes = new MountedVolumes(store, mounter);
		volumes.restore();
		return volumes;
	}

	@Bean
	VolumeContents volumeContents(SecretProviderClasses secretProviderClasses, ProviderRegistry providers,
			ProviderCalls calls, MountProperties mount) {
		return new VolumeContents(secretProviderClasses, providers, calls, mount.kubeletRootDir());
	}

	@Bean
	VolumePublisher volumePublisher(MountProperties mount, VolumeContents contents, Mounter mounter,
			MountedVolumes volumes, VolumeLocks locks, KubeletCredentials credentials, ContentListeners listeners) {
		return new VolumePublisher(mount.kubeletRootDir(), contents, mounter, volumes, locks, credentials, listeners);
	}

	/**
	 * Wires the volume use cases by hand, for tests and tools that run without Spring;
	 * {@code rotation.refresh.RefreshConfiguration} wires a refresher to the result.
	 */
	public static Volumes create(Path kubeletRoot, SecretProviderClasses secretProviderClasses,
			ProviderRegistry providers, ProviderCalls calls, Mounter mounter, MountedVolumes volumes,
			List<MountedContentListener> listeners) {
		VolumeContents contents = new VolumeContents(secretProviderClasses, providers, calls, kubeletRoot);
		VolumeLocks locks = new VolumeLocks();
		KubeletCredentials credentials = new KubeletCredentials();
		ContentListeners contentListeners = new ContentListeners(listeners);
		return new Volumes(
				new VolumePublisher(kubeletRoot, contents, mounter, volumes, locks, credentials, contentListeners),
				contents, mounter, volumes, locks, credentials, contentListeners);
	}

	/**
	 * The volume use cases, wired together, and what a refresh shares with them.
	 *
	 * @param publisher publish and unpublish
	 * @param contents finding, asking and writing a volume's content
	 * @param mounter the mounter
	 * @param volumes the mounted volumes
	 * @param locks the per-volume locks
	 * @param credentials kubelet's latest credentials
	 * @param listeners the content listeners
	 */
	public record Volumes(VolumePublisher publisher, VolumeContents contents, Mounter mounter, MountedVolumes volumes,
			VolumeLocks locks, KubeletCredentials credentials, ContentListeners listeners) {
	}

}
