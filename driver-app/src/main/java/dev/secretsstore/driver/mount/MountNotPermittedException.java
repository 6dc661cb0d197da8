package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Thrown when the operating system refuses to mount a tmpfs because this process lacks
 * the privilege.
 */
public class MountNotPermittedException extends IOException {

	private static final long serialVersionUID = 1L;

	public MountNotPermittedException(Path target, String reason) {
		super("cannot mount a tmpfs at " + target + " (" + reason + "): mounting tmpfs needs root, "
				+ "which in Kubernetes means a privileged container; in standalone mode, --mount-tmpfs=false writes "
				+ "plain folders instead");
	}

}
