package dev.secretsstore.driver.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import dev.secretsstore.driver.model.SecretProviderClasses;
import dev.secretsstore.driver.mount.MountProperties;
import dev.secretsstore.driver.mount.Mounter;
import dev.secretsstore.driver.provider.ProviderCalls;
import dev.secretsstore.driver.provider.ProviderRegistry;
import dev.secretsstore.driver.status.MountStatusStore;
import dev.secretsstore.driver.mode.DriverMode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The volume use cases and the record of mounted volumes, restored from the status store
 * at start. Publish and refresh share the per-volume locks and kubelet's latest
 * credentials; refresh replaces expired service-account tokens with ones from the
 * {@link TokenMinter} bean, which cluster mode defines when
 * {@code secrets-store.rotation.mint-tokens} ({@code --enable-token-minting}) is set.
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
	TokenRenewal tokenRenewal(KubeletCredentials credentials, ObjectProvider<TokenMinter> minter,
			Environment environment) {
		boolean standalone = DriverMode.of(environment).isStandalone();
		return new TokenRenewal(credentials, minter.getIfAvailable(),
				standalone ? TokenRenewal.STANDALONE : TokenRenewal.MINTING_OFF, Clock.systemUTC());
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

	@Bean
	VolumeRefresher volumeRefresher(VolumeContents contents, Mounter mounter, MountedVolumes volumes, VolumeLocks locks,
			TokenRenewal tokenRenewal, ContentListeners listeners) {
		return new VolumeRefresher(contents, mounter, volumes, locks, tokenRenewal, listeners);
	}

	/**
	 * Wires the volume use cases by hand, for tests and tools that run without Spring (so
	 * without an API server to mint tokens with).
	 */
	public static Volumes create(Path kubeletRoot, SecretProviderClasses secretProviderClasses,
			ProviderRegistry providers, ProviderCalls calls, Mounter mounter, MountedVolumes volumes,
			List<MountedContentListener> listeners) {
		return create(kubeletRoot, secretProviderClasses, providers, calls, mounter, volumes, listeners, null,
				TokenRenewal.STANDALONE, Clock.systemUTC());
	}

	/**
	 * Wires the volume use cases by hand, with {@code minter} replacing expired
	 * service-account tokens.
	 * @param minter the token minter, or null when minting is off
	 * @param clock the clock token expiry is judged by
	 */
	public static Volumes create(Path kubeletRoot, SecretProviderClasses secretProviderClasses,
			ProviderRegistry providers, ProviderCalls calls, Mounter mounter, MountedVolumes volumes,
			List<MountedContentListener> listeners, TokenMinter minter, Clock clock) {
		return create(kubeletRoot, secretProviderClasses, providers, calls, mounter, volumes, listeners, minter,
				TokenRenewal.MINTING_OFF, clock);
	}

	private static Volumes create(Path kubeletRoot, SecretProviderClasses secretProviderClasses,
			ProviderRegistry providers, ProviderCalls calls, Mounter mounter, MountedVolumes volumes,
			List<MountedContentListener> listeners, TokenMinter minter, String withoutMinter, Clock clock) {
		VolumeContents contents = new VolumeContents(secretProviderClasses, providers, calls, kubeletRoot);
		VolumeLocks locks = new VolumeLocks();
		KubeletCredentials credentials = new KubeletCredentials();
		TokenRenewal tokens = new TokenRenewal(credentials, minter, withoutMinter, clock);
		ContentListeners contentListeners = new ContentListeners(listeners);
		return new Volumes(
				new VolumePublisher(kubeletRoot, contents, mounter, volumes, locks, credentials, contentListeners),
				new VolumeRefresher(contents, mounter, volumes, locks, tokens, contentListeners));
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
