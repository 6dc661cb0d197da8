package dev.secretsstore.driver.mount.atomic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.secretsstore.driver.mount.FileGroup;
import dev.secretsstore.driver.mount.FileTrees;
import dev.secretsstore.provider.SecretFile;

/**
 * Writes the whole content of a volume into a folder with kubelet's atomic-writer layout,
 * so a pod sees either the old or the new content, never a mix.
 *
 * <p>
 * Layout: {@code <target>/..<yyyy_MM_dd_HH_mm_ss>.<digits>/} holds the files,
 * {@code ..data} is a relative symlink to it, and each top-level name is a symlink
 * {@code <top> -> ..data/<top>}. {@link #write} does:
 * <ol>
 * <li>Check every path again with {@link SecretFile#checkPath} and refuse duplicates and
 * a path that is both file and folder; on refusal nothing is written.</li>
 * <li>Read {@code ..data} to find the current timestamped folder.</li>
 * <li>If it exists and holds exactly the payload (same paths, bytes and modes: unlike
 * kubelet a mode change counts; with a {@link FileGroup}, the same group too), every
 * top-level name is already its symlink, and no stale top-level symlink is left, do
 * nothing and return false.</li>
 * <li>Remove every payload top-level entry that is not a symlink (written by a legacy
 * provider), recursively and without following links.</li>
 * <li>With a group, give the target folder to it ({@code g+rx}).</li>
 * <li>Create a new timestamped folder (mode 0755) and write each file into it: parents
 * 0755, bytes, then mode. With a group, each folder and file gets it before its mode, and
 * folders {@code g+rx}, files {@code g+r} on top; so every rotation's new folder has the
 * group, not only the first.</li>
 * <li>Create the symlink {@code <top> -> ..data/<top>} for each top-level name that lacks
 * it (with a group, every top-level link gets it).</li>
 * <li>Create {@code ..data_tmp -> <new folder>} (with the group) and rename it over
 * {@code ..data}; rename(2) is atomic.</li>
 * <li>Remove the top-level symlinks into {@code ..data} whose names are no longer in the
 * payload.</li>
 * <li>Delete every timestamped folder except the new one and the one it replaced; kubelet
 * deletes the replaced one at once, so a reader that resolved {@code ..data} just before
 * the swap could fail to open its file (a reader stalled across two writes still
 * can).</li>
 * <li>Return true.</li>
 * </ol>
 * Not thread-safe: callers hold a per-volume lock.
 */
public final class AtomicWriter {

	private final Path target;

	private final AtomicLayout layout;

	private final FileGroup group;

	/**
	 * A writer that leaves group and modes as the driver and the provider give them.
	 */
	public AtomicWriter(Path target) {
		this(target, FileGroup.NONE);
	}

	/**
	 * A writer that gives every file, folder and link it writes to {@code group} (see
	 * {@link FileGroup}).
	 */
	public AtomicWriter(Path target, FileGroup group) {
		this.target = target.toAbsolutePath().normalize();
		this.layout = new AtomicLayout(this.target, Clock.systemDefaultZone());
		this.group = group;
	}

	/**
	 * Makes the folder hold exactly {@code files}.
	 * @return false when the folder already held them and nothing was written
	 * @throws IllegalArgumentException when a path is invalid, repeated, or below another
	 * file
	 */
	public boolean write(List<SecretFile> files) throws IOException {
		Payload payload = Payload.of(files);
		Set<String> names = payload.topLevelNames();
		Optional<Path> current = this.layout.currentDir();
		List<Path> stale = this.layout.staleLinks(names);
		if (current.isPresent() && stale.isEmpty() && this.layout.linksInPlace(names)
				&& payload.matches(current.get(), this.group)) {
			return false;
		}
		this.layout.removeLegacyEntries(names);
		this.layout.ownTarget(this.group);
		Path next = this.layout.newTimestampDir(this.group);
		try {
			payload.writeTo(next, this.group);
			this.layout.createLinks(names, this.group);
			this.layout.swapDataDir(next, this.group);
		}
		catch (IOException | RuntimeException ex) {
			discard(next, ex);
			throw ex;
		}
		for (Path link : stale) {
			Files.deleteIfExists(link);
		}
		this.layout.deleteOldGenerations(next, current);
		return true;
	}

	/**
	 * Every regular file a pod sees, by relative path such as {@code db/password}, mapped
	 * to its absolute path through the user-visible entries; names starting with
	 * {@code ..} and links leading out of the folder are skipped.
	 */
	public Map<String, Path> mountedFiles() throws IOException {
		Path realTarget = this.target.toRealPath();
		Map<String, Path> files = new TreeMap<>();
		for (Path entry : this.layout.entries()) {
			String name = entry.getFileName().toString();
			Optional<Path> real = realPathInside(entry, realTarget);
			if (name.startsWith("..") || real.isEmpty()) {
				continue;
			}
			if (Files.isRegularFile(real.get(), LinkOption.NOFOLLOW_LINKS)) {
				files.put(name, entry);
			}
			else if (Files.isDirectory(real.get(), LinkOption.NOFOLLOW_LINKS)) {
				FileTrees.regularFiles(real.get())
					.keySet()
					.forEach((rel) -> files.put(name + "/" + rel, entry.resolve(rel)));
			}
		}
		return files;
	}

	private static void discard(Path unfinished, Exception cause) {
		try {
			FileTrees.deleteRecursively(unfinished);
		}
		catch (IOException ex) {
			cause.addSuppressed(ex);
		}
	}

	private static Optional<Path> realPathInside(Path entry, Path realTarget) throws IOException {
		try {
			Path real = entry.toRealPath();
			return real.startsWith(realTarget) ? Optional.of(real) : Optional.empty();
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
	}

}
