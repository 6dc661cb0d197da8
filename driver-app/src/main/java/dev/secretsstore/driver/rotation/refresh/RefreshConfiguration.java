package dev.secretsstore.driver.rotation.refresh;

import java.time.Clock;

import dev.secretsstore.driver.mode.DriverMode;
import dev.secretsstore.driver.mount.Mounter;
import dev.secretsstore.driver.rotation.tokens.TokenMinter;
import dev.secretsstore.driver.rotation.tokens.TokenRenewal;
import dev.secretsstore.driver.volume.ContentListeners;
import dev.secretsstore.driver.volume.KubeletCredentials;
import dev.secretsstore.driver.volume.MountedVolumes;
import dev.secretsstore.driver.volume.VolumeConfiguration.Volumes;
import dev.secretsstore.driver.volume.VolumeContents;
import dev.secretsstore.driver.volume.VolumeLocks;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The refresher, on the volume package's locks, credentials, contents and listeners, so
 * that a refresh and a publish of one volume never interleave. It replaces expired
 * service-account tokens with ones from the {@link TokenMinter} bean, which cluster mode
 * defines when {@code secrets-store.rotation.mint-tokens}
 * ({@code --enable-token-minting}) is set.
 */
@Configuration(proxyBeanMethods = false)
public class RefreshConfiguration {

	@Bean
	TokenRenewal tokenRenewal(KubeletCredentials credentials, ObjectProvider<TokenMinter> minter,
			Environment environment) {
		boolean standalone = DriverMode.of(environment).isStandalone();
		return new TokenRenewal(credentials, minter.getIfAvailable(),
				standalone ? TokenRenewal.STANDALONE : TokenRenewal.MINTING_OFF, Clock.systemUTC());
	}

	@Bean
	VolumeRefresher volumeRefresher(VolumeContents contents, Mounter mounter, MountedVolumes volumes, VolumeLocks locks,
			TokenRenewal tokenRenewal, ContentListeners listeners) {
		return new VolumeRefresher(contents, mounter, volumes, locks, tokenRenewal, listeners);
	}

	/**
	 * Wires a refresher by hand to {@code volumes}, for tests and tools that run without
	 * Spring (so without an API server to mint tokens with).
	 */
	public static VolumeRefresher create(Volumes volumes) {
		return create(volumes, null, TokenRenewal.STANDALONE, Clock.systemUTC());
	}

	/**
	 * Wires a refresher by hand to {@code volumes}, with {@code minter} replacing expired
	 * service-account tokens.
	 * @param minter the token minter, or null when minting is off
	 * @param clock the clock token expiry is judged by
	 */
	public static VolumeRefresher create(Volumes volumes, TokenMinter minter, Clock clock) {
		return create(volumes, minter, TokenRenewal.MINTING_OFF, clock);
	}

	private static VolumeRefresher create(Volumes volumes, TokenMinter minter, String withoutMinter, Clock clock) {
		TokenRenewal tokens = new TokenRenewal(volumes.credentials(), minter, withoutMinter, clock);
		return new VolumeRefresher(volumes.contents(), volumes.mounter(), volumes.volumes(), volumes.locks(), tokens,
				volumes.listeners());
	}

}
