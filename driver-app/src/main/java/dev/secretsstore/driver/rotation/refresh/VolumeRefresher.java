package dev.secretsstore.driver.rotation.refresh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.mount.Mounter;
import dev.secretsstore.driver.rotation.tokens.TokenRenewal;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.volume.ContentListeners;
import dev.secretsstore.driver.volume.ErrorTypes;
import dev.secretsstore.driver.volume.KubeletCredentials.Credentials;
import dev.secretsstore.driver.volume.MountedVolumes;
import dev.secretsstore.driver.volume.VersionChange;
import dev.secretsstore.driver.volume.VolumeContents;
import dev.secretsstore.driver.volume.VolumeException;
import dev.secretsstore.driver.volume.VolumeLocks;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.SecretProvider;

import static dev.secretsstore.driver.volume.VolumeException.Kind.INTERNAL;

/**
 * Refreshes a mounted volume: asks its provider again, with the versions mounted now and
 * kubelet's latest credentials (expired service-account tokens replaced by minted ones,
 * see {@link TokenRenewal}), and swaps the files atomically when anything changed. A
 * failure before the swap changes nothing: the last good files and record stay. A record
 * that cannot be updated after the swap does not undo it: see
 * {@link MountedVolumes#recordRefreshed}.
 */
public class VolumeRefresher {

	private final VolumeContents contents;

	private final Mounter mounter;

	private final MountedVolumes volumes;

	private final VolumeLocks locks;

	private final TokenRenewal tokens;

	private final ContentListeners listeners;

	VolumeRefresher(VolumeContents contents, Mounter mounter, MountedVolumes volumes, VolumeLocks locks,
			TokenRenewal tokens, ContentListeners listeners) {
		this.contents = contents;
		this.mounter = mounter;
		this.volumes = volumes;
		this.locks = locks;
		this.tokens = tokens;
		this.listeners = listeners;
	}

	/**
	 * The SecretProviderClass a mounted volume uses now.
	 * @throws VolumeException when it is gone or incomplete
	 */
	public SecretProviderClass secretProviderClass(MountedVolume volume) {
		return this.contents.secretProviderClass(volume.pod().namespace(), volume.secretProviderClass());
	}

	/**
	 * Refreshes the volume at {@code target} with {@code spc}.
	 * @return the outcome, or empty when the volume was unpublished meanwhile
	 * @throws VolumeException when a service-account token has expired and cannot be
	 * minted (the provider is not called then), or when the provider or the write fails;
	 * nothing mounted is touched then
	 */
	public Optional<RefreshResult> refresh(Path target, SecretProviderClass spc) {
		return refresh(target, spc, SharedResponses.NONE);
	}

	/**
	 * Refreshes the volume at {@code target} with {@code spc}, sharing the provider's
	 * answer with identical requests in {@code shared}.
	 * @return the outcome, or empty when the volume was unpublished meanwhile
	 * @throws VolumeException when the provider or the write fails; nothing mounted is
	 * touched then
	 */
	public Optional<RefreshResult> refresh(Path target, SecretProviderClass spc, SharedResponses shared) {
		try (VolumeLocks.Held held = this.locks.lock(target)) {
			MountedVolume volume = this.volumes.get(target).orElse(null);
			if (volume == null || !this.mounter.isMounted(target)) {
				return Optional.empty();
			}
			SecretProvider provider = this.contents.provider(spc);
			Credentials credentials = this.tokens.renew(target, volume);
			MountRequest request = this.contents.request(spc, volume.volumeContext(), credentials, target,
					volume.objectVersions());
			MountResponse response = shared.fetch(provider, request, () -> this.contents.fetch(provider, spc, request));
			boolean filesChanged = this.contents.write(target, response, volume.fileGroup());
			List<VersionChange> changes = VersionChange.between(volume.objectVersions(), response.objectVersions());
			MountedVolume updated = volume.withProviderAndVersions(provider.name(), response.objectVersions())
				.withLeaseExpiries(response.leaseExpiries());
			String recordFailure = null;
			if (!changes.isEmpty() || !updated.provider().equals(volume.provider())
					|| this.volumes.needsRecording(target)) {
				recordFailure = this.volumes.recordRefreshed(updated).orElse(null);
			}
			else if (!updated.leaseExpiries().equals(volume.leaseExpiries())) {
				// a renewed lease: same files and versions, so nothing for the store,
				// only what Actuator shows
				this.volumes.rememberLeases(updated);
			}
			RefreshResult result = new RefreshResult(updated, filesChanged, changes, recordFailure);
			this.listeners.contentFetched(updated, spc, result.rotated());
			return Optional.of(result);
		}
		catch (IOException ex) {
			// only the mount check reads the disk here: the provider call, the write and
			// the record report their own
			throw new VolumeException(INTERNAL, ErrorTypes.FAILED_TO_ENSURE_MOUNT_POINT,
					"failed to refresh the volume at " + target + ": " + ex.getMessage(), ex);
		}
	}

}
