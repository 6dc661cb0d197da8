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
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The mounts this process sees, read from {@code /proc/self/mountinfo} on every call. A
 * node with a thousand volumes has a thousand lines there, read on each publish and
 * unpublish: a line is split only when its mount point is one asked about, so a look-up
 * allocates little beyond the text itself.
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
	 *
	 * @param mountPoint where it is mounted, with escapes such as {@code \040} decoded
	 * @param fsType the file-system type, such as {@code tmpfs}
	 * @param source the mount source, such as {@code /dev/sda1}
	 */
	public record Mount(Path mountPoint, String fsType, String source) {
	}

	/**
	 * Every mount, in the file's order (a later mount on the same point lies on top of an
	 * earlier one).
	 */
	public List<Mount> mounts() throws IOException {
		return mounts((point) -> true);
	}

	/**
	 * The mounts whose mount point (decoded, as a string) {@code wanted} accepts, in the
	 * file's order.
	 */
	private List<Mount> mounts(Predicate<String> wanted) throws IOException {
		List<Mount> mounts = new ArrayList<>();
		String text = new String(Files.readAllBytes(this.mountinfo), StandardCharsets.ISO_8859_1);
		int start = 0;
		while (start < text.length()) {
			int end = text.indexOf('\n', start);
			end = (end < 0) ? text.length() : end;
			String point = field(text, start, end, 4);
			if (point != null && wanted.test(unescape(point))) {
				String[] fields = text.substring(start, end).split(" ");
				int dash = List.of(fields).indexOf("-");
				if (dash >= 6 && dash + 2 < fields.length) {
					mounts.add(new Mount(Path.of(unescape(fields[4])), unescape(fields[dash + 1]),
							unescape(fields[dash + 2])));
				}
			}
			start = end + 1;
		}
		return mounts;
	}

	/**
	 * Field {@code index} (from 0) of the line from {@code start} to {@code end}, or
	 * {@code null}.
	 */
	private static @Nullable String field(String text, int start, int end, int index) {
		int from = start;
		for (int i = 0; i < index; i++) {
			from = text.indexOf(' ', from);
			if (from < 0 || from >= end) {
				return null;
			}
			from++;
		}
		int to = text.indexOf(' ', from);
		return (to < 0 || to > end) ? null : text.substring(from, to);
	}

	/**
	 * The file-system type of the top mount whose mount point is {@code path} itself.
	 */
	public Optional<String> fsType(Path path) throws IOException {
		Set<String> names = names(path);
		List<Mount> mounts = mounts(names::contains);
		return mounts.isEmpty() ? Optional.empty() : Optional.of(mounts.get(mounts.size() - 1).fsType());
	}

	/**
	 * Whether {@code path} is itself a mount point. A folder on another device than its
	 * parent is one, which two stat calls tell; only otherwise (a bind mount of the same
	 * device, or no mount) is the table read, since parsing it for every check would cost
	 * a pass over a node's thousand mounts a million lines.
	 */
	public boolean isMountPoint(Path path) throws IOException {
		if (this.mountinfo.equals(SELF)) {
			if (Files.notExists(path, LinkOption.NOFOLLOW_LINKS)) {
				// a new volume's target, on every first publish: what is not there is not
				// mounted
				return false;
			}
			if (onOtherDeviceThanParent(path)) {
				return true;
			}
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
		List<String> prefixes = names(dir).stream().map((name) -> name.endsWith("/") ? name : name + "/").toList();
		return mounts((point) -> prefixes.stream().anyMatch(point::startsWith)).stream()
			.map(Mount::mountPoint)
			.distinct()
			.toList();
	}

	// The kernel lists real paths, so a path reached through a symlinked parent is also
	// compared by its real path.
	private static Set<String> names(Path path) {
		Path absolute = path.toAbsolutePath().normalize();
		Set<String> names = new HashSet<>(Set.of(absolute.toString()));
		try {
			names.add(absolute.toRealPath().toString());
		}
		catch (IOException ex) {
			// a missing path is compared by its name alone
		}
		return names;
	}

	/**
	 * Decodes the octal escapes ({@code \040} for a space) the kernel writes for bytes
	 * that would break the format.
	 */
	static String unescape(String field) {
		if (field.chars().allMatch((c) -> c != '\\' && c < 0x80)) {
			return field;
		}
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
