package dev.secretsstore.driver.volume;

import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.status.MountedVolume;

/**
 * Told, under the volume's lock, each time a volume's content was fetched: after a first
 * mount and after every refresh, changed or not, with the SecretProviderClass used; and
 * when the volume is unpublished. Secret sync listens. A listener handles its own
 * failures: they never fail the mount.
 */
@FunctionalInterface
public interface MountedContentListener {

	/**
	 * @param volume the volume as mounted now; its files are readable at its target path
	 * @param spc the SecretProviderClass the content came from
	 * @param changed whether the files or object versions changed (always true for a
	 * first mount)
	 */
	void contentFetched(MountedVolume volume, SecretProviderClass spc, boolean changed);

	/**
	 * The volume was unpublished: forget what was kept for it.
	 */
	default void volumeRemoved(MountedVolume volume) {
	}

}
