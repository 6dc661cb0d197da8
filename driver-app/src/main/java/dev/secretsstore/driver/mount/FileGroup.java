package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

import dev.secretsstore.driver.logging.Untrusted;

/**
 * The group that owns a volume's files and folders and may read them: the pod's
 * {@code fsGroup}, which kubelet passes as {@code volume_mount_group} when the driver
 * advertises the {@code VOLUME_MOUNT_GROUP} node capability. Files get the group and
 * {@code g+r} on top of the provider's mode; folders get the group and {@code g+rx}.
 * {@link #NONE} leaves files as the driver writes them without one: its own group and the
 * provider's modes.
 *
 * <p>
 * Ownership is changed with lchown(2), never through a link: the driver is privileged,
 * and a link inside a volume must not let it change a file elsewhere.
 */
public final class FileGroup {

	/** No group: ownership and modes stay as written. */
	public static final FileGroup NONE = new FileGroup(-1);

	/**
	 * Kubernetes accepts an fsGroup from 0 to 2147483647 (its IsValidGroupID); kubelet
	 * formats it in decimal.
	 */
	private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,10}");

	private static final int GROUP_READ = 0040;

	private static final int GROUP_READ_SEARCH = 0050;

	private final int gid;

	private FileGroup(int gid) {
		this.gid = gid;
	}

	/**
	 * The group {@code gid}.
	 * @throws IllegalArgumentException when {@code gid} is negative
	 */
	public static FileGroup of(int gid) {
		if (gid < 0) {
			throw new IllegalArgumentException("group id " + gid + " is negative");
		}
		return new FileGroup(gid);
	}

	/**
	 * The group a decimal group id names, or {@link #NONE} for an empty string (kubelet
	 * sends none when the pod has no fsGroup).
	 * @throws IllegalArgumentException when {@code value} is not a decimal number from 0
	 * to 2147483647
	 */
	public static FileGroup parse(String value) {
		if (value.isEmpty()) {
			return NONE;
		}
		if (DECIMAL.matcher(value).matches()) {
			long gid = Long.parseLong(value);
			if (gid <= Integer.MAX_VALUE) {
				return new FileGroup((int) gid);
			}
		}
		throw new IllegalArgumentException(
				"\"" + Untrusted.bound(value, 40) + "\" is not a group id from 0 to 2147483647");
	}

	public boolean isSet() {
		return this.gid >= 0;
	}

	/**
	 * The group id.
	 * @throws IllegalStateException for {@link #NONE}
	 */
	public int gid() {
		if (!isSet()) {
			throw new IllegalStateException("no group is set");
		}
		return this.gid;
	}

	/**
	 * The mode a file of {@code mode} gets: readable by the group too.
	 */
	public int fileMode(int mode) {
		return isSet() ? (mode | GROUP_READ) : mode;
	}

	/**
	 * The mode a folder of {@code mode} gets: readable and searchable by the group too.
	 */
	public int folderMode(int mode) {
		return isSet() ? (mode | GROUP_READ_SEARCH) : mode;
	}

	/**
	 * Gives {@code path} (a link itself, not what it points to) to this group; does
	 * nothing for {@link #NONE}.
	 */
	public void own(Path path) throws IOException {
		if (isSet()) {
			Files.setAttribute(path, "unix:gid", this.gid, LinkOption.NOFOLLOW_LINKS);
		}
	}

	/**
	 * Whether {@code path} (not followed) belongs to this group; always true for
	 * {@link #NONE}, which claims nothing.
	 */
	public boolean owns(Path path) throws IOException {
		return !isSet() || ((Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS)) == this.gid;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof FileGroup group) && group.gid == this.gid;
	}

	@Override
	public int hashCode() {
		return Integer.hashCode(this.gid);
	}

	@Override
	public String toString() {
		return isSet() ? "gid " + this.gid : "no group";
	}

}
