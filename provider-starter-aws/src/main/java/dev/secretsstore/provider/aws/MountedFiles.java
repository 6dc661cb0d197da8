package dev.secretsstore.provider.aws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads back a file of the volume as mounted now, as the Go provider does when a secret
 * has not changed; in the driver's atomic layout {@code <target>/<name>} is a symlink
 * into {@code ..data}, which is followed but may not lead out of the target folder.
 */
final class MountedFiles {

	/**
	 * Secrets Manager values are at most 64 KiB; anything far larger is not what we
	 * wrote.
	 */
	private static final long MAX_SIZE = 1024 * 1024;

	private MountedFiles() {
	}

	/**
	 * The bytes of {@code fileName} under {@code targetPath}, or empty when there is no
	 * such regular file.
	 */
	static Optional<byte[]> read(String targetPath, String fileName) {
		if (targetPath.isEmpty()) {
			return Optional.empty();
		}
		try {
			Path target = Path.of(targetPath).toRealPath();
			Path file = target.resolve(fileName).toRealPath();
			if (!file.startsWith(target) || !Files.isRegularFile(file) || Files.size(file) > MAX_SIZE) {
				return Optional.empty();
			}
			return Optional.of(Files.readAllBytes(file));
		}
		catch (IOException | InvalidPathException | SecurityException ex) {
			return Optional.empty();
		}
	}

}
