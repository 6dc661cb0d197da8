package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import dev.secretsstore.provider.SecretFile;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * What the tests of {@code mount} and {@code mount.atomic} share: a file to write, the
 * group of a path, and skipping a test that needs root.
 */
public final class TestFiles {

	private TestFiles() {
	}

	public static SecretFile file(String path, int mode, String contents) {
		return new SecretFile(path, mode, contents.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The group of {@code path} itself, a link not followed.
	 */
	public static int gid(Path path) throws IOException {
		return (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
	}

	/**
	 * Skips the test unless it runs as root, as the driver does: mounting and changing a
	 * file's group need it.
	 */
	public static void assumeRoot() throws IOException {
		assumeThat(Files.getAttribute(Path.of("/proc/self"), "unix:uid")).as("running as root").isEqualTo(0);
	}

}
