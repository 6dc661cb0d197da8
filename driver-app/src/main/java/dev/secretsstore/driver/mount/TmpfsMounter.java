package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;

/**
 * Backs each volume with its own tmpfs, so secrets stay in memory, as the Go driver does;
 * needs root.
 *
 * <p>
 * It calls mount(2) and umount2(2) through JNA instead of forking the {@code mount}
 * binary. At first use JNA extracts its native dispatch library to {@code jna.tmpdir}, or
 * else {@code java.io.tmpdir}, and loads it from there, so a container with a read-only
 * root filesystem needs a writable {@code /tmp} that is not mounted {@code noexec}.
 */
public final class TmpfsMounter implements Mounter {

	private static final NativeLong NO_FLAGS = new NativeLong(0);

	private final MountTable mountTable;

	// resolved at the first mount, not at start: loading JNA's native library takes a few
	// hundred milliseconds
	private final Supplier<Libc> libc;

	public TmpfsMounter() {
		this(new MountTable());
	}

	public TmpfsMounter(MountTable mountTable) {
		this.mountTable = mountTable;
		this.libc = () -> Libc.INSTANCE;
	}

	TmpfsMounter(MountTable mountTable, Libc libc) {
		this.mountTable = mountTable;
		this.libc = () -> libc;
	}

	/**
	 * Calls {@code mount("tmpfs", target, "tmpfs", 0, NULL)}: no options, as
	 * {@code mount -t tmpfs tmpfs <target>} and the Go driver.
	 * @throws MountNotPermittedException when this process may not mount
	 */
	@Override
	public void mount(Path target) throws IOException {
		VolumeFolder.create(target);
		if (isMounted(target)) {
			return;
		}
		try {
			this.libc.get().mount("tmpfs", target.toAbsolutePath().toString(), "tmpfs", NO_FLAGS, null);
		}
		catch (LastErrorException ex) {
			int errno = ex.getErrorCode();
			if (Errno.EPERM.is(errno) || Errno.EACCES.is(errno)) {
				throw new MountNotPermittedException(target, "mount(2) failed with " + Errno.describe(errno));
			}
			throw new IOException("mount(2) of a tmpfs at " + target + " failed with " + Errno.describe(errno), ex);
		}
	}

	/**
	 * Calls {@code umount2(target, 0)}.
	 * @throws IOException when the target stays mounted, saying so when it is busy
	 */
	@Override
	public void unmount(Path target) throws IOException {
		if (!isMounted(target)) {
			return;
		}
		try {
			this.libc.get().umount2(target.toAbsolutePath().toString(), 0);
		}
		catch (LastErrorException ex) {
			// someone else may have unmounted it meanwhile (EINVAL), which is what the
			// caller wants
			if (!isMounted(target)) {
				return;
			}
			int errno = ex.getErrorCode();
			String reason = Errno.EBUSY.is(errno)
					? ": the target is busy, a process still has a file open or its working directory in it" : "";
			throw new IOException("umount2(2) of " + target + " failed with " + Errno.describe(errno) + reason, ex);
		}
	}

	/**
	 * Whether {@code target} is itself a mount point.
	 */
	@Override
	public boolean isMounted(Path target) throws IOException {
		return this.mountTable.isMountPoint(target);
	}

}
