package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.secretsstore.driver.mount.AtomicWriterTests.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link TmpfsMounter}: a real tmpfs when running as root, fake commands for the failures.
 */
class TmpfsMounterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	Path dir;

	private final TmpfsMounter mounter = new TmpfsMounter();

	@AfterEach
	void unmountLeftovers() throws IOException {
		this.mounter.unmount(this.dir.resolve("volume"));
	}

	@Test
	void mountsWritesAndUnmountsARealTmpfs() throws IOException {
		assumeRoot();
		Path target = this.dir.resolve("volume");

		this.mounter.mount(target);
		this.mounter.mount(target);

		assertThat(this.mounter.isMounted(target)).isTrue();
		assertThat(new MountTable().fsType(target)).hasValue("tmpfs");
		assertThat(new MountTable().mounts().stream().filter((m) -> m.mountPoint().equals(target))).hasSize(1);
		new AtomicWriter(target).write(List.of(file("a", 0644, "A")));
		assertThat(target.resolve("a")).hasContent("A");

		this.mounter.unmount(target);
		this.mounter.unmount(target);

		assertThat(this.mounter.isMounted(target)).isFalse();
		assertThat(target).isEmptyDirectory();
	}

	@Test
	void mountCreatesTheFolderWithMode0750() throws IOException {
		Path target = this.dir.resolve("volume");
		TmpfsMounter noop = fake("#!/bin/sh\nexit 0\n", "#!/bin/sh\nexit 0\n");

		noop.mount(target);

		assertThat(Modes.of(target)).isEqualTo(0750);
	}

	@Test
	void refusedMountSaysThatRootIsNeeded() throws IOException {
		TmpfsMounter refusing = fake("#!/bin/sh\necho \"mount: $5: must be superuser to use mount.\" >&2\nexit 32\n",
				"#!/bin/sh\nexit 0\n");

		assertThatExceptionOfType(MountNotPermittedException.class)
			.isThrownBy(() -> refusing.mount(this.dir.resolve("volume")))
			.withMessageContaining("must be superuser")
			.withMessageContaining("needs root")
			.withMessageContaining("privileged container")
			.withMessageContaining("--mount-tmpfs=false");
	}

	@Test
	void otherMountFailureCarriesTheCommandOutput() throws IOException {
		TmpfsMounter failing = fake("#!/bin/sh\necho 'mount: unknown filesystem type' >&2\nexit 32\n",
				"#!/bin/sh\nexit 0\n");

		assertThatIOException().isThrownBy(() -> failing.mount(this.dir.resolve("volume")))
			.isNotInstanceOf(MountNotPermittedException.class)
			.withMessageContaining("exit code 32")
			.withMessageContaining("unknown filesystem type");
	}

	@Test
	void failedUnmountOfAMountedFolderIsAnError() throws IOException {
		Path target = Files.createDirectory(this.dir.resolve("busy"));
		Path mountinfo = Files.writeString(this.dir.resolve("mountinfo"),
				"1 0 0:1 / " + target.toRealPath() + " rw - tmpfs tmpfs rw\n");
		TmpfsMounter busy = new TmpfsMounter(new MountTable(mountinfo), TIMEOUT, "true",
				script("umount", "#!/bin/sh\necho \"umount: $1: target is busy.\" >&2\nexit 32\n").toString());

		assertThatIOException().isThrownBy(() -> busy.unmount(target)).withMessageContaining("target is busy");
	}

	@ParameterizedTest
	@ValueSource(strings = { "mount: /x: must be superuser to use mount.", "mount: only root can do that",
			"mount: permission denied", "mount: mounting tmpfs on /x failed: Operation not permitted" })
	void recognisesRefusals(String output) {
		assertThat(TmpfsMounter.isNotPermitted(output)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "mount: /x: special device tmpfs does not exist.",
			"mount: /x: mount point does not exist.", "" })
	void otherFailuresAreNotRefusals(String output) {
		assertThat(TmpfsMounter.isNotPermitted(output)).isFalse();
	}

	private TmpfsMounter fake(String mountScript, String umountScript) throws IOException {
		Path empty = Files.writeString(this.dir.resolve("mountinfo"), "");
		return new TmpfsMounter(new MountTable(empty), TIMEOUT, script("mount", mountScript).toString(),
				script("umount", umountScript).toString());
	}

	private Path script(String name, String text) throws IOException {
		Path script = Files.writeString(this.dir.resolve(name + ".sh"), text);
		Modes.set(script, 0755);
		return script;
	}

	static void assumeRoot() throws IOException {
		assumeThat(Files.getAttribute(Path.of("/proc/self"), "unix:uid")).as("running as root").isEqualTo(0);
	}

}
