package dev.secretsstore.driver.standalone.folder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * One {@code *.yaml}/{@code *.yml} entry of the folder, checked before it is opened: a
 * regular file, or a symbolic link to a regular file inside the folder (a ConfigMap
 * volume's {@code name.yaml -> ..data/name.yaml}), of at most {@link #MAX_BYTES}.
 * Anything else, such as a FIFO (opening one blocks until a writer comes) or a link to
 * {@code /dev/zero}, is refused without being opened.
 *
 * @param real the file's real path, inside the folder
 * @param fileKey the file's identity (device and inode), so a file replaced by a rename
 * counts as changed
 * @param size its size in bytes
 * @param modified its modification time
 */
public record ClassFile(Path real, Object fileKey, long size, FileTime modified) {

	/**
	 * The largest file read: a SecretProviderClass is a few KiB, and the API server takes
	 * no object over ~1.5 MiB.
	 */
	public static final long MAX_BYTES = 1024 * 1024;

	/**
	 * Checks {@code entry} of the folder whose real path is {@code realFolder}, without
	 * opening it.
	 * @throws Refused saying why the entry is not read
	 * @throws IOException when it cannot be looked at (it vanished meanwhile, no
	 * permission)
	 */
	public static ClassFile check(Path realFolder, Path entry) throws IOException {
		BasicFileAttributes link = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		Path real = entry;
		if (link.isSymbolicLink()) {
			real = entry.toRealPath();
			if (!real.startsWith(realFolder)) {
				throw new Refused("it is a symbolic link to " + real + ", outside the folder");
			}
		}
		else {
			real = realFolder.resolve(entry.getFileName());
		}
		BasicFileAttributes file = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		if (!file.isRegularFile()) {
			throw new Refused("it is not a regular file (" + kind(file) + ")");
		}
		if (file.size() > MAX_BYTES) {
			throw new Refused("it has " + file.size() + " bytes, more than the " + MAX_BYTES + " allowed");
		}
		return new ClassFile(real, file.fileKey(), file.size(), file.lastModifiedTime());
	}

	/**
	 * The file's bytes, at most {@link #MAX_BYTES} even when it grew since it was
	 * checked.
	 * @throws Refused when it grew past the limit
	 */
	public byte[] read() throws IOException {
		// NOFOLLOW: the real path has no link left, so a link put in its place meanwhile
		// is refused, not followed
		try (InputStream in = Files.newInputStream(this.real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
			byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
			if (bytes.length > MAX_BYTES) {
				throw new Refused("it grew past " + MAX_BYTES + " bytes while it was read");
			}
			return bytes;
		}
	}

	/**
	 * Whether {@code other} is the same file, unchanged, so its last parse still holds.
	 */
	public boolean sameAs(ClassFile other) {
		return other != null && this.real.equals(other.real) && Objects.equals(this.fileKey, other.fileKey)
				&& this.size == other.size && this.modified.equals(other.modified);
	}

	private static String kind(BasicFileAttributes attributes) {
		if (attributes.isDirectory()) {
			return "a folder";
		}
		return attributes.isOther() ? "a FIFO, socket or device" : "a symbolic link";
	}

	/**
	 * An entry that is not read, and why.
	 */
	public static final class Refused extends IOException {

		private static final long serialVersionUID = 1L;

		Refused(String reason) {
			super(reason);
		}

	}

}
