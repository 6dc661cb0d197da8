package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import dev.secretsstore.driver.logging.Untrusted;

/**
 * Holds a target path to the kubelet root on disk, not only by its name: none of the
 * folders from the root down to the target may be a symbolic link. {@link TargetPath}
 * checks the name, but mkdir, mount(2), umount2(2) and the walks that clear a folder all
 * follow links in every element of a path, so one link planted below the root (by a pod
 * with a hostPath volume, say) would make this privileged driver mount, write or delete
 * wherever it leads.
 *
 * <p>
 * Each element is read with {@code lstat} (no link followed) right before the driver acts
 * on the path, and again after it created missing folders. The kubelet root itself may be
 * a link: it is the operator's setting. What this cannot close is the window between the
 * check and the act; see docs/security.md.
 */
public final class ConfinedPath {

	private ConfinedPath() {
	}

	/**
	 * Checks that {@code target} lies below {@code kubeletRoot} and that each of its
	 * existing folders below the root is a real folder; elements that do not exist yet
	 * are fine (the driver creates them).
	 * @throws IllegalArgumentException naming the path and the element that is a link or
	 * not a folder
	 * @throws IOException when an element cannot be read
	 */
	public static void check(Path kubeletRoot, Path target) throws IOException {
		Path root = kubeletRoot.toAbsolutePath().normalize();
		Path path = target.toAbsolutePath().normalize();
		if (!path.startsWith(root) || path.equals(root)) {
			throw refused(target, "it is not below the kubelet root " + root);
		}
		Path current = root;
		for (Path name : root.relativize(path)) {
			current = current.resolve(name);
			BasicFileAttributes attributes;
			try {
				attributes = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
			}
			catch (NoSuchFileException ex) {
				return;
			}
			if (attributes.isSymbolicLink()) {
				throw refused(target,
						Untrusted.bound(current.toString()) + " is a symbolic link (to "
								+ Untrusted.bound(Files.readSymbolicLink(current).toString())
								+ "), which could lead out of the kubelet root " + root);
			}
			if (!attributes.isDirectory()) {
				throw refused(target, Untrusted.bound(current.toString()) + " is not a folder");
			}
		}
	}

	private static IllegalArgumentException refused(Path target, String reason) {
		return new IllegalArgumentException(
				"target path '" + Untrusted.bound(target.toString()) + "' is refused: " + reason);
	}

}
