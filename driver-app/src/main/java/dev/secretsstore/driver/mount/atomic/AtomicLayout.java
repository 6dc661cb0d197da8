package dev.secretsstore.driver.mount.atomic;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import dev.secretsstore.driver.mount.FileGroup;
import dev.secretsstore.driver.mount.FileTrees;
import dev.secretsstore.driver.mount.Modes;

/**
 * The entries of the atomic-writer layout in one target folder: {@code ..data},
 * timestamped folders and top-level symlinks.
 */
final class AtomicLayout {

	static final String DATA_DIR = "..data";

	static final String DATA_DIR_TMP = "..data_tmp";

	static final Pattern TIMESTAMP_DIR = Pattern.compile("\\.\\.\\d{4}(_\\d{2}){5}\\.\\d+");

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss");

	private final Path target;

	private final Clock clock;

	AtomicLayout(Path target, Clock clock) {
		this.target = target;
		this.clock = clock;
	}

	/**
	 * The timestamped folder {@code ..data} points to, if it is a folder directly inside
	 * the target.
	 */
	Optional<Path> currentDir() throws IOException {
		Path data = this.target.resolve(DATA_DIR);
		if (!Files.isSymbolicLink(data)) {
			return Optional.empty();
		}
		Path dir = this.target.resolve(Files.readSymbolicLink(data)).normalize();
		boolean inside = this.target.equals(dir.getParent()) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
		return inside ? Optional.of(dir) : Optional.empty();
	}

	/**
	 * Our top-level symlinks whose names are not in {@code names}.
	 */
	List<Path> staleLinks(Set<String> names) throws IOException {
		List<Path> stale = new ArrayList<>();
		for (Path entry : entries()) {
			String name = entry.getFileName().toString();
			if (!name.startsWith("..") && !names.contains(name) && isOurLink(entry)) {
				stale.add(entry);
			}
		}
		return stale;
	}

	boolean linksInPlace(Set<String> names) throws IOException {
		for (String name : names) {
			if (!isOurLink(this.target.resolve(name))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Removes each of {@code names} that exists and is not a symlink, as a legacy
	 * provider leaves them.
	 */
	void removeLegacyEntries(Set<String> names) throws IOException {
		for (String name : names) {
			Path entry = this.target.resolve(name);
			if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(entry)) {
				FileTrees.deleteRecursively(entry);
			}
		}
	}

	/**
	 * Creates the missing top-level links; with a group set, every top-level link gets it
	 * (as kubelet's fsGroup walk lchowns links), those in place already included.
	 */
	void createLinks(Set<String> names, FileGroup group) throws IOException {
		for (String name : names) {
			Path entry = this.target.resolve(name);
			if (!isOurLink(entry)) {
				Files.deleteIfExists(entry);
				Files.createSymbolicLink(entry, Path.of(DATA_DIR, name));
			}
			group.own(entry);
		}
	}

	/**
	 * With a group set, gives the target folder itself to the group with {@code g+rx}, so
	 * that a pod running as another user can enter it even when the folder is not a tmpfs
	 * root (mode 1777) but a plain folder. Its mode is only set when it lacks those bits:
	 * setting it clears the sticky bit of a tmpfs root.
	 */
	void ownTarget(FileGroup group) throws IOException {
		if (group.isSet()) {
			group.own(this.target);
			int mode = Modes.of(this.target);
			if (group.folderMode(mode) != mode) {
				Modes.set(this.target, group.folderMode(mode));
			}
		}
	}

	Path newTimestampDir(FileGroup group) throws IOException {
		String stamp = ".." + TIMESTAMP.format(LocalDateTime.now(this.clock)) + ".";
		while (true) {
			Path dir = this.target.resolve(stamp + Integer.toUnsignedString(ThreadLocalRandom.current().nextInt()));
			try {
				Files.createDirectory(dir);
				group.own(dir);
				Modes.set(dir, group.folderMode(0755));
				return dir;
			}
			catch (FileAlreadyExistsException ex) {
				// the random suffix collided: draw another one, as Go's MkdirTemp does
			}
		}
	}

	/**
	 * Points {@code ..data} at {@code next} with one rename(2), so readers see the old or
	 * the new folder; the new link has the group before the rename.
	 */
	void swapDataDir(Path next, FileGroup group) throws IOException {
		Path tmp = this.target.resolve(DATA_DIR_TMP);
		Path data = this.target.resolve(DATA_DIR);
		Files.deleteIfExists(tmp);
		Files.createSymbolicLink(tmp, next.getFileName());
		group.own(tmp);
		if (!Files.isSymbolicLink(data)) {
			FileTrees.deleteRecursively(data);
		}
		Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * Deletes every timestamped folder except {@code next} and {@code replaced}.
	 */
	void deleteOldGenerations(Path next, Optional<Path> replaced) throws IOException {
		for (Path entry : entries()) {
			boolean keep = entry.equals(next) || replaced.filter(entry::equals).isPresent();
			if (!keep && TIMESTAMP_DIR.matcher(entry.getFileName().toString()).matches()
					&& Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
				FileTrees.deleteRecursively(entry);
			}
		}
	}

	List<Path> entries() throws IOException {
		try (var stream = Files.list(this.target)) {
			return stream.toList();
		}
	}

	private static boolean isOurLink(Path entry) throws IOException {
		return Files.isSymbolicLink(entry)
				&& Files.readSymbolicLink(entry).equals(Path.of(DATA_DIR, entry.getFileName().toString()));
	}

}
