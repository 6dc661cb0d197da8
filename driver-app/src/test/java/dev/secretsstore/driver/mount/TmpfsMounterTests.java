package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import dev.secretsstore.driver.mount.atomic.AtomicWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.secretsstore.driver.mount.TestFiles.assumeRoot;
import static dev.secretsstore.driver.mount.TestFiles.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link TmpfsMounter}: a real tmpfs when running as root, a fake C library for
 * the failures.
 */
class TmpfsMounterTests {

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
	void unmountOfARealTmpfsWithAFileHeldOpenSaysItIsBusy() throws IOException {
		assumeRoot();
		Path target = this.dir.resolve("volume");
		this.mounter.mount(target);

		try (FileChannel open = FileChannel.open(target.resolve("held"), StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE)) {
			assertThatIOException().isThrownBy(() -> this.mounter.unmount(target))
				.withMessageContaining(target.toString())
				.withMessageContaining("EBUSY")
				.withMessageContaining("the target is busy");
			assertThat(this.mounter.isMounted(target)).isTrue();
		}

		this.mounter.unmount(target);
		assertThat(this.mounter.isMounted(target)).isFalse();
	}

	@Test
	void mountCallsMountWithoutOptionsAndCreatesTheFolderWithMode0750() throws IOException {
		FakeLibc libc = new FakeLibc();
		Path target = this.dir.resolve("volume");

		mounter(libc).mount(target);

		assertThat(Modes.of(target)).isEqualTo(0750);
		assertThat(libc.calls).containsExactly("mount(tmpfs, " + target.toAbsolutePath() + ", tmpfs, 0, null)");
	}

	@Test
	void mountAndUnmountLeaveTheMountTableAloneWhenThereIsNothingToDo() throws IOException {
		FakeLibc libc = new FakeLibc();
		Path mounted = Files.createDirectory(this.dir.resolve("mounted"));
		Path unmounted = this.dir.resolve("unmounted");
		TmpfsMounter fake = new TmpfsMounter(mountTable(mounted), libc);

		fake.mount(mounted);
		fake.unmount(unmounted);

		assertThat(libc.calls).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 13 })
	void refusedMountSaysThatRootIsNeeded(int errno) throws IOException {
		FakeLibc libc = new FakeLibc();
		libc.mountErrno = errno;

		assertThatExceptionOfType(MountNotPermittedException.class)
			.isThrownBy(() -> mounter(libc).mount(this.dir.resolve("volume")))
			.withMessageContaining(this.dir.resolve("volume").toString())
			.withMessageContaining("errno " + errno)
			.withMessageContaining("needs root")
			.withMessageContaining("privileged container")
			.withMessageContaining("--mount-tmpfs=false");
	}

	@Test
	void otherMountFailureNamesTheCallTargetAndErrno() throws IOException {
		FakeLibc libc = new FakeLibc();
		libc.mountErrno = 19;

		assertThatIOException().isThrownBy(() -> mounter(libc).mount(this.dir.resolve("volume")))
			.isNotInstanceOf(MountNotPermittedException.class)
			.withMessageContaining("mount(2)")
			.withMessageContaining(this.dir.resolve("volume").toString())
			.withMessageContaining("ENODEV (errno 19, no such device)");
	}

	@Test
	void busyUnmountOfAMountedFolderSaysTheTargetIsBusy() throws IOException {
		Path target = Files.createDirectory(this.dir.resolve("busy"));
		FakeLibc libc = new FakeLibc();
		libc.umountErrno = 16;
		TmpfsMounter busy = new TmpfsMounter(mountTable(target), libc);

		assertThatIOException().isThrownBy(() -> busy.unmount(target))
			.withMessageContaining("umount2(2) of " + target)
			.withMessageContaining("EBUSY (errno 16")
			.withMessageContaining("the target is busy");
		assertThat(libc.calls).containsExactly("umount2(" + target.toAbsolutePath() + ", 0)");
	}

	@Test
	void failedUnmountIsFineWhenSomeoneElseUnmountedMeanwhile() throws IOException {
		Path target = Files.createDirectory(this.dir.resolve("raced"));
		Path mountinfo = mountinfo(target);
		FakeLibc libc = new FakeLibc();
		libc.umountErrno = 22;
		libc.beforeUmountFails = () -> Files.writeString(mountinfo, "");

		new TmpfsMounter(new MountTable(mountinfo), libc).unmount(target);

		assertThat(libc.calls).hasSize(1);
	}

	@Test
	void failedUnmountOfAFolderStillMountedIsAnError() throws IOException {
		Path target = Files.createDirectory(this.dir.resolve("stuck"));
		FakeLibc libc = new FakeLibc();
		libc.umountErrno = 22;

		assertThatIOException().isThrownBy(() -> new TmpfsMounter(mountTable(target), libc).unmount(target))
			.withMessageContaining(target.toString())
			.withMessageContaining("EINVAL (errno 22")
			.withMessageNotContaining("busy");
	}

	private TmpfsMounter mounter(FakeLibc libc) throws IOException {
		return new TmpfsMounter(new MountTable(Files.writeString(this.dir.resolve("mountinfo"), "")), libc);
	}

	private MountTable mountTable(Path mountPoint) throws IOException {
		return new MountTable(mountinfo(mountPoint));
	}

	private Path mountinfo(Path mountPoint) throws IOException {
		return Files.writeString(this.dir.resolve("mountinfo"),
				"1 0 0:1 / " + mountPoint.toRealPath() + " rw - tmpfs tmpfs rw\n");
	}

}
