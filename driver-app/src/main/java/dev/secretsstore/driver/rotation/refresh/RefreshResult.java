package dev.secretsstore.driver.rotation.refresh;

import java.util.List;

import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.volume.VersionChange;

/**
 * What one refresh of a mounted volume did.
 *
 * @param volume the volume as mounted now
 * @param filesChanged whether the mounted files were swapped
 * @param changes the object versions that changed
 * @param recordFailure why the volume's record (pod status) could not be updated to what
 * is mounted now, or null when it was (or had nothing to update); the next refresh tries
 * again
 */
public record RefreshResult(MountedVolume volume, boolean filesChanged, List<VersionChange> changes,
		String recordFailure) {

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
