package dev.secretsstore.driver.mount;

/**
 * The Linux errno values that mount(2) and umount2(2) document, named as in
 * {@code errno.h}.
 */
enum Errno {

	EPERM(1, "operation not permitted"),

	ENOENT(2, "no such file or directory"),

	ENXIO(6, "no such device or address"),

	EAGAIN(11, "resource temporarily unavailable"),

	ENOMEM(12, "cannot allocate memory"),

	EACCES(13, "permission denied"),

	EFAULT(14, "bad address"),

	ENOTBLK(15, "block device required"),

	EBUSY(16, "device or resource busy"),

	ENODEV(19, "no such device"),

	ENOTDIR(20, "not a directory"),

	EINVAL(22, "invalid argument"),

	EMFILE(24, "too many open files"),

	EROFS(30, "read-only file system"),

	ENAMETOOLONG(36, "file name too long"),

	ELOOP(40, "too many levels of symbolic links");

	private final int code;

	private final String text;

	Errno(int code, String text) {
		this.code = code;
		this.text = text;
	}

	boolean is(int code) {
		return this.code == code;
	}

	/**
	 * Describes {@code code} like {@code EBUSY (errno 16, device or resource busy)}, or
	 * {@code errno 95} when it is not listed here.
	 */
	static String describe(int code) {
		for (Errno errno : values()) {
			if (errno.code == code) {
				return errno.name() + " (errno " + code + ", " + errno.text + ")";
			}
		}
		return "errno " + code;
	}

}
