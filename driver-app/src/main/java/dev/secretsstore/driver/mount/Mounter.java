package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Prepares and releases the folder that backs one volume.
 */
public interface Mounter {

	/**
	 * Makes {@code target} an empty volume folder, creating it with mode 0750 when
	 * missing; does nothing when it is already mounted.
	 */
	void mount(Path target) throws IOException;

	/**
	 * Releases {@code target}; no error when it is not mounted.
	 */
	void unmount(Path target) throws IOException;

	boolean isMounted(Path target) throws IOException;

}
