package dev.secretsstore.provider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads back a file of a volume as mounted now, for a provider whose store says an object
 * has not changed since the version the driver sent
 * ({@link MountRequest#currentObjectVersions()}): returning those bytes instead of
 * fetching the value again is what the Go AWS provider does. In the driver's atomic
 * layout {@code <target>/<name>} is a symlink into {@code ..data}; it is followed, but
 * never out of the target folder.
 */
public final class MountedFiles {

	/**
	 * Far above what any store holds in one object (Secrets Manager 64 KiB, Key Vault 25
	 * KiB); a larger file is not one a provider returned, so it is fetched again.
	 */
	static final long MAX_SIZE = 1024 * 1024;

	private MountedFiles() {
	}

	/**
	 * The bytes of {@code path} under {@code targetPath}, or empty when there is no such
	 * regular file inside the target folder, or the path is not a clean relative one
	 * ({@link SecretFile#checkPath}): the caller then fetches the value from its store.
	 * @param targetPath the volume's target folder ({@link MountRequest#targetPath()})
	 * @param path the file's path relative to it, as the provider returned it
	 */
	public static Optional<byte[]> read(String targetPath, String path) {
		if (targetPath.isEmpty()) {
			return Optional.empty();
		}
		try {
			SecretFile.checkPath(path);
			Path target = Path.of(targetPath).toRealPath();
			Path file = target.resolve(path).toRealPath();
			if (!file.startsWith(target) || !Files.isRegularFile(file) || Files.size(file) > MAX_SIZE) {
				return Optional.empty();
			}
			return Optional.of(Files.readAllBytes(file));
		}
		catch (IOException | IllegalArgumentException | SecurityException ex) {
			// InvalidPathException is an IllegalArgumentException
			return Optional.empty();
		}
	}

}
