package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Backs each volume with its own tmpfs, so secrets stay in memory, as the Go driver does; needs root.
 */
public final class TmpfsMounter implements Mounter {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	private static final List<String> NOT_PERMITTED = List.of("only root", "must be superuser", "permission denied",
			"operation not permitted");

	private final MountTable mountTable;

	private final Duration timeout;

	private final String mountCommand;

	private final String umountCommand;

	public TmpfsMounter() {
		this(new MountTable());
	}

	public TmpfsMounter(MountTable mountTable) {
		this(mountTable, DEFAULT_TIMEOUT);
	}

	public TmpfsMounter(MountTable mountTable, Duration timeout) {
		this(mountTable, timeout, "mount", "umount");
	}

	TmpfsMounter(MountTable mountTable, Duration timeout, String mountCommand, String umountCommand) {
		this.mountTable = mountTable;
		this.timeout = timeout;
		this.mountCommand = mountCommand;
		this.umountCommand = umountCommand;
	}

	/**
	 * Runs {@code mount -t tmpfs tmpfs <target>}, with no options, like the Go driver.
	 * @throws MountNotPermittedException when this process may not mount
	 */
	@Override
	public void mount(Path target) throws IOException {
		VolumeFolder.create(target);
		if (isMounted(target)) {
			return;
		}
		Command.Result result = Command.run(List.of(this.mountCommand, "-t", "tmpfs", "tmpfs", target.toString()),
				this.timeout);
		if (result.exitCode() != 0) {
			if (isNotPermitted(result.output())) {
				throw new MountNotPermittedException(target, result.output());
			}
			throw failure("mount -t tmpfs tmpfs " + target, result);
		}
	}

	@Override
	public void unmount(Path target) throws IOException {
		if (!isMounted(target)) {
			return;
		}
		Command.Result result = Command.run(List.of(this.umountCommand, target.toString()), this.timeout);
		// someone else may have unmounted it meanwhile, which is what the caller wants
		if (result.exitCode() != 0 && isMounted(target)) {
			throw failure("umount " + target, result);
		}
	}

	/**
	 * Whether {@code target} is itself a mount point.
	 */
	@Override
	public boolean isMounted(Path target) throws IOException {
		return this.mountTable.isMountPoint(target);
	}

	/**
	 * Whether the output of a failed mount says the process lacks the privilege (util-linux, busybox, kernel).
	 */
	static boolean isNotPermitted(String output) {
		String lower = output.toLowerCase(Locale.ROOT);
		return NOT_PERMITTED.stream().anyMatch(lower::contains);
	}

	private static IOException failure(String command, Command.Result result) {
		return new IOException(
				"'" + command + "' failed with exit code " + result.exitCode() + ": " + result.output().strip());
	}

}
