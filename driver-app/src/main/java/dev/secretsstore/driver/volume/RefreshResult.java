package dev.secretsstore.driver.volume;

import java.util.List;

import dev.secretsstore.driver.status.MountedVolume;

/**
 * What one refresh of a mounted volume did.
 *
 * @param volume the volume as mounted now
 * @param filesChanged whether the mounted files were swapped
 * @param changes the object versions that changed, recorded in the volume's status
 */
public record RefreshResult(MountedVolume volume, boolean filesChanged, List<VersionChange> changes) {

	public RefreshResult {
		changes = List.copyOf(changes);
	}

	/**
	 * Whether anything the pod can see changed.
	 */
	public boolean rotated() {
		return this.filesChanged || !this.changes.isEmpty();
	}

}
