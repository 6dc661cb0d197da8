package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Converts between octal permission bits such as 0644 and Java's POSIX permission sets.
 * Public for the atomic writer ({@code mount.atomic}), which sets the modes of what it
 * writes with it.
 */
public final class Modes {

	// PosixFilePermission declares its constants from OWNER_READ (0400) down to
	// OTHERS_EXECUTE (0001).
	private static final PosixFilePermission[] BITS = PosixFilePermission.values();

	private Modes() {
	}

	static Set<PosixFilePermission> toPermissions(int mode) {
		Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
		for (int i = 0; i < BITS.length; i++) {
			if ((mode & (0400 >> i)) != 0) {
				permissions.add(BITS[i]);
			}
		}
		return permissions;
	}

	static int toMode(Set<PosixFilePermission> permissions) {
		int mode = 0;
		for (PosixFilePermission permission : permissions) {
			mode |= 0400 >> permission.ordinal();
		}
		return mode;
	}

	public static int of(Path path) throws IOException {
		return toMode(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
	}

	public static void set(Path path, int mode) throws IOException {
		Files.setPosixFilePermissions(path, toPermissions(mode));
	}

}
