package dev.secretsstore.driver.status;

import java.io.IOException;
import java.util.List;

/**
 * Records mounted volumes as SecretProviderClassPodStatus documents.
 */
public interface MountStatusStore {

	/**
	 * Creates or replaces the record of {@code volume}.
	 */
	void save(MountedVolume volume) throws IOException;

	/**
	 * Updates the record of a volume already saved by this process: its provider and
	 * object versions after a rotation. By default the same as {@link #save}.
	 */
	default void update(MountedVolume volume) throws IOException {
		save(volume);
	}

	/**
	 * Removes the record of {@code volume}; no error when there is none.
	 */
	void delete(MountedVolume volume) throws IOException;

	/**
	 * Every volume recorded for this node.
	 */
	List<MountedVolume> loadAll() throws IOException;

}
