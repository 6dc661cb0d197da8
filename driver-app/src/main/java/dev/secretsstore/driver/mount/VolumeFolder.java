package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates, empties and removes a volume's target folder without leaving it through a
 * symlink or a mount point.
 */
public final class VolumeFolder {

	private VolumeFolder() {
	}

	/**
	 * Creates {@code folder} with mode 0750, and any missing parent, unless it exists.
	 */
	public static void create(Path folder) throws IOException {
		if (Files.isDirectory(folder)) {
			return;
		}
		Files.createDirectories(folder.toAbsolutePath().getParent());
		try {
			Files.createDirectory(folder);
			Modes.set(folder, 0750);
		}
		catch (FileAlreadyExistsException ex) {
			if (!Files.isDirectory(folder)) {
				throw ex;
			}
		}
	}

	/**
	 * Removes every entry inside {@code folder}, dot entries such as {@code ..data}
	 * included; links are removed, not followed. A missing folder is fine.
	 * @throws IOException when another mount point inside the folder was left in place
	 */
	public static void clear(Path folder) throws IOException {
		clear(folder, new MountTable());
	}

	public static void clear(Path folder, MountTable mountTable) throws IOException {
		if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			throw new NotDirectoryException(folder.toString());
		}
		Path root = folder.toRealPath();
		Set<Path> nestedMounts = new HashSet<>(mountTable.mountPointsBelow(root));
		List<Path> skipped = new ArrayList<>();
		Files.walkFileTree(root, new Clearer(root, device(root), nestedMounts, skipped));
		if (!skipped.isEmpty()) {
			throw new IOException("cleared " + folder + " but left the mount points inside it: " + skipped);
		}
	}

	/**
	 * Removes {@code folder} if it is empty.
	 * @return true when the folder no longer exists
	 */
	public static boolean removeIfEmpty(Path folder) throws IOException {
		try {
			Files.deleteIfExists(folder);
			return true;
		}
		catch (DirectoryNotEmptyException ex) {
			return false;
		}
	}

	private static Object device(Path path) throws IOException {
		return Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS);
	}

	/**
	 * Deletes bottom-up, skipping subtrees on another device or listed as mount points
	 * (bind mounts share a device), and keeping the root and every folder that holds a
	 * skipped one.
	 */
	private static final class Clearer extends FileTrees.Deleter {

		private final Path root;

		private final Object rootDevice;

		private final Set<Path> nestedMounts;

		private final List<Path> skipped;

		Clearer(Path root, Object rootDevice, Set<Path> nestedMounts, List<Path> skipped) {
			this.root = root;
			this.rootDevice = rootDevice;
			this.nestedMounts = nestedMounts;
			this.skipped = skipped;
		}

		@Override
		public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
			if (!dir.equals(this.root) && (this.nestedMounts.contains(dir) || !device(dir).equals(this.rootDevice))) {
				this.skipped.add(dir);
				return FileVisitResult.SKIP_SUBTREE;
			}
			return FileVisitResult.CONTINUE;
		}

		@Override
		boolean keep(Path dir) {
			return dir.equals(this.root) || this.skipped.stream().anyMatch((path) -> path.startsWith(dir));
		}

	}

}
