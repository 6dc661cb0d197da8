package dev.secretsstore.driver.volume;

import java.io.IOException;

import dev.secretsstore.driver.kubernetes.SecretProviderClasses;
import dev.secretsstore.driver.mount.MountProperties;
import dev.secretsstore.driver.mount.Mounter;
import dev.secretsstore.driver.provider.ProviderRegistry;
import dev.secretsstore.driver.status.MountStatusStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The volume use case and the record of mounted volumes, restored from the status store at start.
 */
@Configuration(proxyBeanMethods = false)
class VolumeConfiguration {

	@Bean
	VolumeLocks volumeLocks() {
		return new VolumeLocks();
	}

	@Bean
	MountedVolumes mountedVolumes(MountStatusStore store, Mounter mounter) throws IOException {
		MountedVolumes volumes = new MountedVolumes(store, mounter);
		volumes.restore();
		return volumes;
	}

	@Bean
	VolumePublisher volumePublisher(MountProperties mount, SecretProviderClasses secretProviderClasses,
			ProviderRegistry providers, Mounter mounter, MountedVolumes volumes, VolumeLocks locks) {
		return new VolumePublisher(mount.kubeletRootDir(), secretProviderClasses, providers, mounter, volumes, locks);
	}

}
