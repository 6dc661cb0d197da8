package dev.secretsstore.provider;

import java.util.Arrays;
import java.util.Objects;

/**
 * One file of a mounted volume. The path is checked here, once, so no file that would
 * escape the target folder can reach the writer: it must be relative and clean, with no
 * {@code ..} element, must not start with {@code ..}, and stays within Linux's limits
 * (4096 characters, 255 per element).
 *
 * @param path relative path inside the volume, such as {@code db/password}
 * @param mode permission bits between 0 and 0777; 0 means "not set" and becomes 0644 (the
 * Go driver writes such files with mode 0000, unreadable by the pod)
 * @param contents the bytes of the file
 */
public record SecretFile(String path, int mode, byte[] contents) {

	static final int MAX_PATH_LENGTH = 4096;

	static final int MAX_SEGMENT_LENGTH = 255;

	public SecretFile {
		checkPath(path);
		if (mode < 0 || mode > 0777) {
			throw new IllegalArgumentException(
					"file '" + path + "' has mode " + mode + ", which is not between 0 and 0777 (511)");
		}
		mode = (mode == 0) ? MountRequest.DEFAULT_PERMISSION : mode;
		contents = Objects.requireNonNull(contents, "contents").clone();
	}

	/**
	 * The file's bytes (a copy).
	 */
	@Override
	public byte[] contents() {
		return this.contents.clone();
	}

	/**
	 * Checks that {@code path} is a clean relative path that stays inside the folder it
	 * is resolved against.
	 * @throws IllegalArgumentException naming the rule the path breaks
	 */
	public static void checkPath(String path) {
		if (path == null || path.isEmpty()) {
			throw new IllegalArgumentException("file path is empty");
		}
		if (path.length() > MAX_PATH_LENGTH) {
			throw new IllegalArgumentException("file path is longer than " + MAX_PATH_LENGTH + " characters");
		}
		if (path.indexOf('\0') >= 0) {
			throw new IllegalArgumentException("file path '" + path.replace('\0', '?') + "' contains a NUL byte");
		}
		if (path.startsWith("/")) {
			throw new IllegalArgumentException("file path '" + path + "' is absolute; it must be relative");
		}
		if (path.startsWith("..")) {
			throw new IllegalArgumentException("file path '" + path + "' starts with '..'");
		}
		for (String segment : path.split("/", -1)) {
			if (segment.equals("..")) {
				throw new IllegalArgumentException("file path '" + path + "' contains '..'");
			}
			if (segment.isEmpty() || segment.equals(".")) {
				throw new IllegalArgumentException("file path '" + path + "' is not clean (empty or '.' element)");
			}
			if (segment.length() > MAX_SEGMENT_LENGTH) {
				throw new IllegalArgumentException(
						"file path '" + path + "' has an element longer than " + MAX_SEGMENT_LENGTH + " characters");
			}
		}
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SecretFile that && this.path.equals(that.path) && this.mode == that.mode
				&& Arrays.equals(this.contents, that.contents);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.path, this.mode, Arrays.hashCode(this.contents));
	}

	/**
	 * Names the file and its size, never its contents.
	 */
	@Override
	public String toString() {
		return "SecretFile[path=" + this.path + ", mode=0" + Integer.toOctalString(this.mode) + ", size="
				+ this.contents.length + "]";
	}

}
