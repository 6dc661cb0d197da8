package dev.secretsstore.driver.mount;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import dev.secretsstore.driver.logging.Untrusted;

/**
 * A CSI target path that kubelet can have sent: exactly
 * {@code <kubeletRoot>/pods/<podUid>/volumes/kubernetes.io~csi/<volumeName>/mount}.
 *
 * @param path the normalized absolute path
 * @param podUid the pod UID element of the path
 * @param volumeName the volume-name element of the path
 */
public record TargetPath(Path path, String podUid, String volumeName) {

	private static final String SHAPE = "/pods/<pod-uid>/volumes/kubernetes.io~csi/<volume-name>/mount";

	// Linux's PATH_MAX and NAME_MAX: no longer path can be mounted, and holding to them
	// keeps every message that
	// quotes a parsed target path short
	private static final int PATH_MAX = 4096;

	private static final int NAME_MAX = 255;

	/**
	 * Parses {@code rawTargetPath}; a path with {@code ..}, a relative path, one with
	 * missing or extra elements, or one longer than Linux allows is refused, because the
	 * driver deletes and mounts whatever this path names.
	 * @throws IllegalArgumentException naming the path and the expected shape
	 */
	public static TargetPath parse(Path kubeletRoot, String rawTargetPath) {
		if (!kubeletRoot.isAbsolute()) {
			throw new IllegalArgumentException("kubelet root '" + kubeletRoot + "' is not an absolute path");
		}
		Path root = kubeletRoot.normalize();
		if (rawTargetPath == null || rawTargetPath.isEmpty()) {
			throw refused(rawTargetPath, root, "it is empty");
		}
		if (!rawTargetPath.startsWith("/")) {
			throw refused(rawTargetPath, root, "it is not absolute");
		}
		if (rawTargetPath.length() >= PATH_MAX) {
			throw refused(rawTargetPath, root, "it is longer than " + (PATH_MAX - 1) + " characters");
		}
		for (String element : rawTargetPath.split("/")) {
			if (element.equals("..")) {
				throw refused(rawTargetPath, root, "it contains '..'");
			}
			if (element.length() > NAME_MAX) {
				throw refused(rawTargetPath, root, "an element is longer than " + NAME_MAX + " characters");
			}
		}
		Path path = toPath(rawTargetPath, root).normalize();
		Path relative = path.startsWith(root) ? root.relativize(path) : null;
		if (relative == null || !hasShape(relative)) {
			throw refused(rawTargetPath, root, "it does not have that shape");
		}
		return new TargetPath(path, relative.getName(1).toString(), relative.getName(4).toString());
	}

	/**
	 * Checks that {@code uid}, the pod UID kubelet put in the volume context, is the one
	 * in the path.
	 * @throws IllegalArgumentException when they differ
	 */
	public void requirePodUid(String uid) {
		if (!this.podUid.equals(uid)) {
			throw new IllegalArgumentException("target path '" + this.path + "' belongs to pod " + this.podUid
					+ ", but the volume context names pod " + Untrusted.bound(uid));
		}
	}

	private static boolean hasShape(Path relative) {
		return relative.getNameCount() == 6 && relative.getName(0).toString().equals("pods")
				&& relative.getName(2).toString().equals("volumes")
				&& relative.getName(3).toString().equals("kubernetes.io~csi")
				&& relative.getName(5).toString().equals("mount");
	}

	private static Path toPath(String raw, Path root) {
		try {
			return Path.of(raw);
		}
		catch (InvalidPathException ex) {
			throw refused(raw, root, ex.getReason());
		}
	}

	private static IllegalArgumentException refused(String raw, Path root, String reason) {
		return new IllegalArgumentException(
				"target path '" + Untrusted.bound(raw) + "' is refused: " + reason + "; expected " + root + SHAPE);
	}

}
