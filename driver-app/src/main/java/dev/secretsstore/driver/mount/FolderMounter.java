package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Backs each volume with a plain folder, for standalone runs without root (secrets then
 * reach the disk).
 */
public final class FolderMounter implements Mounter {

	// the link AtomicWriter swaps in when it writes a volume (kubelet's atomic-writer
	// layout); FolderMounterTests holds the two together
	private static final String DATA_LINK = "..data";

	@Override
	public void mount(Path target) throws IOException {
		VolumeFolder.create(target);
	}

	@Override
	public void unmount(Path target) {
		// a plain folder has nothing to release; the caller clears and removes it
	}

	/**
	 * Whether {@code target} is a folder that already holds a written volume
	 * ({@code ..data}).
	 */
	@Override
	public boolean isMounted(Path target) {
		return Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)
				&& Files.exists(target.resolve(DATA_LINK), LinkOption.NOFOLLOW_LINKS);
	}

}
