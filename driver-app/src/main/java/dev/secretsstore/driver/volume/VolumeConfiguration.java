package dev.secretsstore.driver.volume;

import java.io.IOException;

import dev.secretsstore.driver.kubernetes.SecretProviderClasses;
import dev.secretsstore.driver.mount.MountProperties;
import dev.secretsstore.driver.mount.Mounter;
import dev.secretsstore.driver.provider.ProviderCalls;
import dev.secretsstore.driver.provider.ProviderRegistry;
import dev.secretsstore.driver.status.MountStatusStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The volume use cases and the record of mounted volumes, restored from the status store at start.
 */
@Configuration(proxyBeanMethods = false)
public class VolumeConfiguration {

	private final VolumeLocks locks = new VolumeLocks();

	private final KubeletCredentials credentials = new KubeletCredentials();

	@Bean
	MountedVolumes mountedVolumes(MountStatusStore store, Mounter mounter) throws IOException {
		MountedVolumes volumes = new MountedVolumes(store, mounter);
		volumes.restore();
		return volumes;
	}

	@Bean
	VolumePublisher volumePublisher(MountProperties mount, SecretProviderClasses secretProviderClasses,
			ProviderRegistry providers, ProviderCalls calls, Mounter mounter, MountedVolumes volumes) {
		return new VolumePublisher(mount.kubeletRootDir(), new VolumeContents(secretProviderClasses, providers, calls),
				mounter, volumes, this.locks, this.credentials);
	}

	@Bean
	VolumeRefresher volumeRefresher(SecretProviderClasses secretProviderClasses, ProviderRegistry providers,
			ProviderCalls calls, Mounter mounter, MountedVolumes volumes) {
		return new VolumeRefresher(new VolumeContents(secretProviderClasses, providers, calls), mounter, volumes,
				this.locks, this.credentials);
	}

	/**
	 * Wires the volume use cases by hand, for tests and tools that run without Spring.
	 */
	public static Volumes create(java.nio.file.Path kubeletRoot, SecretProviderClasses secretProviderClasses,
			ProviderRegistry providers, ProviderCalls calls, Mounter mounter, MountedVolumes volumes) {
		VolumeConfiguration configuration = new VolumeConfiguration();
		return new Volumes(
				configuration.volumePublisher(new MountProperties(true, kubeletRoot), secretProviderClasses, providers,
						calls, mounter, volumes),
				configuration.volumeRefresher(secretProviderClasses, providers, calls, mounter, volumes));
	}

	/**
	 * The volume use cases, wired together.
	 *
	 * @param publisher publish and unpublish
	 * @param refresher refresh
	 */
	public record Volumes(VolumePublisher publisher, VolumeRefresher refresher) {
	}

}
