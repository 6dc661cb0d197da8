package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * A C library that records each call and fails it with a chosen errno, or succeeds
 * without mounting anything.
 */
class FakeLibc implements Libc {

	final List<String> calls = new ArrayList<>();

	int mountErrno;

	int umountErrno;

	IoAction beforeUmountFails = () -> {
	};

	@Override
	public int mount(String source, String target, String fsType, NativeLong flags, Pointer data) {
		this.calls.add("mount(" + source + ", " + target + ", " + fsType + ", " + flags + ", " + data + ")");
		return result(this.mountErrno);
	}

	@Override
	public int umount2(String target, int flags) {
		this.calls.add("umount2(" + target + ", " + flags + ")");
		if (this.umountErrno != 0) {
			try {
				this.beforeUmountFails.run();
			}
			catch (IOException ex) {
				throw new AssertionError(ex);
			}
		}
		return result(this.umountErrno);
	}

	private static int result(int errno) {
		if (errno != 0) {
			throw new LastErrorException(errno);
		}
		return 0;
	}

	/**
	 * Something to do on the file system, such as another process unmounting.
	 */
	interface IoAction {

		void run() throws IOException;

	}

}
