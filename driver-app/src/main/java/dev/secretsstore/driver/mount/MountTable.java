package dev.secretsstore.driver.mount;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mounts this process sees, read from {@code /proc/self/mountinfo} on every call.
 */
public final class MountTable {

	private static final Path SELF = Path.of("/proc/self/mountinfo");

	private final Path mountinfo;

	public MountTable() {
		this(SELF);
	}

	public MountTable(Path mountinfo) {
		this.mountinfo = mountinfo;
	}

	/**
	 * One line of mountinfo.
	 * @param mountPoint where it is mounted, with escapes such as {@code \040} decoded
	 * @param fsType the file-system type, such as {@code tmpfs}
	 * @param source the mount source, such as {@code /dev/sda1}
	 */
	public record Mount(Path mountPoint, String fsType, String source) {
	}

	/**
	 * Every mount, in the file's order (a later mount on the same point lies on top of an earlier one).
	 */
	public List<Mount> mounts() throws IOException {
		List<Mount> mounts = new ArrayList<>();
		String text = new String(Files.readAllBytes(this.mountinfo), StandardCharsets.ISO_8859_1);
		for (String line : text.split("\n")) {
			String[] fields = line.split(" ");
			int dash = List.of(fields).indexOf("-");
			if (fields.length > 4 && dash >= 6 && dash + 2 < fields.length) {
				mounts.add(new Mount(Path.of(unescape(fields[4])), unescape(fields[dash + 1]),
						unescape(fields[dash + 2])));
			}
		}
		return mounts;
	}

	/**
	 * The file-system type of the top mount whose mount point is {@code path} itself.
	 */
	public Optional<String> fsType(Path path) throws IOException {
		Set<Path> names = names(path);
		String type = null;
		for (Mount mount : mounts()) {
			if (names.contains(mount.mountPoint())) {
				type = mount.fsType();
			}
		}
		return Optional.ofNullable(type);
	}

	/**
	 * Whether {@code path} is itself a mount point. A folder on another device than its parent is one, which two
	 * stat calls tell; only otherwise (a bind mount of the same device, or no mount) is the table read, since
	 * parsing it for every check would cost a pass over a node's thousand mounts a million lines.
	 */
	public boolean isMountPoint(Path path) throws IOException {
		if (this.mountinfo.equals(SELF) && onOtherDeviceThanParent(path)) {
			return true;
		}
		return fsType(path).isPresent();
	}

	private static boolean onOtherDeviceThanParent(Path path) {
		Path absolute = path.toAbsolutePath().normalize();
		Path parent = absolute.getParent();
		try {
			return parent != null && !Files.getAttribute(absolute, "unix:dev", LinkOption.NOFOLLOW_LINKS)
				.equals(Files.getAttribute(parent, "unix:dev", LinkOption.NOFOLLOW_LINKS));
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

	/**
	 * The mount points strictly below {@code dir}.
	 */
	public List<Path> mountPointsBelow(Path dir) throws IOException {
		Set<Path> names = names(dir);
		return mounts().stream()
			.map(Mount::mountPoint)
			.filter((point) -> names.stream().anyMatch((name) -> point.startsWith(name) && !point.equals(name)))
			.distinct()
			.toList();
	}

	// The kernel lists real paths, so a path reached through a symlinked parent is also compared by its real path.
	private static Set<Path> names(Path path) {
		Path absolute = path.toAbsolutePath().normalize();
		Set<Path> names = new HashSet<>(Set.of(absolute));
		try {
			names.add(absolute.toRealPath());
		}
		catch (IOException ex) {
			// a missing path is compared by its name alone
		}
		return names;
	}

	/**
	 * Decodes the octal escapes ({@code \040} for a space) the kernel writes for bytes that would break the format.
	 */
	static String unescape(String field) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < field.length(); i++) {
			char c = field.charAt(i);
			if (c == '\\' && isOctal(field, i + 1)) {
				bytes.write(Integer.parseInt(field.substring(i + 1, i + 4), 8));
				i += 3;
			}
			else {
				bytes.write(c);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private static boolean isOctal(String field, int start) {
		return field.length() >= start + 3
				&& field.substring(start, start + 3).chars().allMatch((c) -> c >= '0' && c <= '7');
	}

}
