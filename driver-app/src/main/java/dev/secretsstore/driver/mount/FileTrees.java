package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;

/**
 * File-tree walks that never follow symbolic links, so a link planted in a volume cannot
 * lead outside it. Public for the atomic writer ({@code mount.atomic}), which builds on
 * them as {@link VolumeFolder} does.
 */
public final class FileTrees {

	private FileTrees() {
	}

	/**
	 * Deletes {@code path} and, when it is a real directory, everything below it; a link
	 * is deleted, not followed. A missing path is not an error.
	 */
	public static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		Files.walkFileTree(path, new Deleter());
	}

	/**
	 * Every regular file below {@code root}, keyed by its path relative to {@code root}
	 * with {@code /} separators; links below {@code root} are skipped.
	 */
	public static Map<String, Path> regularFiles(Path root) throws IOException {
		Map<String, Path> files = new TreeMap<>();
		Files.walkFileTree(root, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
				if (attrs.isRegularFile()) {
					files.put(relative(root, file), file);
				}
				return FileVisitResult.CONTINUE;
			}

		});
		return files;
	}

	private static String relative(Path root, Path file) {
		return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
	}

	/**
	 * Deletes what it walks, bottom-up; a file that vanished meanwhile is fine.
	 * Subclasses keep folders by {@link #keep}.
	 */
	static class Deleter extends SimpleFileVisitor<Path> {

		@Override
		public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
			Files.deleteIfExists(file);
			return FileVisitResult.CONTINUE;
		}

		@Override
		public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
			if (ex instanceof NoSuchFileException) {
				return FileVisitResult.CONTINUE;
			}
			throw ex;
		}

		@Override
		public FileVisitResult postVisitDirectory(Path dir, IOException ex) throws IOException {
			if (ex != null) {
				throw ex;
			}
			if (!keep(dir)) {
				Files.deleteIfExists(dir);
			}
			return FileVisitResult.CONTINUE;
		}

		/**
		 * Whether {@code dir} stays once its content is deleted.
		 */
		boolean keep(Path dir) {
			return false;
		}

	}

}
