package dev.secretsstore.driver.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The pod status files of a standalone state folder, named after their volumes' target
 * paths.
 */
public final class StateFiles {

	private StateFiles() {
	}

	/**
	 * The state folder's only status file.
	 * @throws IllegalStateException when there is not exactly one
	 */
	public static Path only(Path stateDir) throws IOException {
		List<Path> files = all(stateDir);
		if (files.size() != 1) {
			throw new IllegalStateException("expected one status file in " + stateDir + ", found " + files);
		}
		return files.get(0);
	}

	/**
	 * Every status file of the state folder, none when it does not exist.
	 */
	public static List<Path> all(Path stateDir) throws IOException {
		if (!Files.isDirectory(stateDir)) {
			return List.of();
		}
		try (var files = Files.list(stateDir)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".yaml")).sorted().toList();
		}
	}

}
