package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.secretsstore.driver.mount.atomic.AtomicWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.secretsstore.driver.mount.TestFiles.file;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FolderMounter}.
 */
class FolderMounterTests {

	@TempDir
	Path dir;

	private final FolderMounter mounter = new FolderMounter();

	@Test
	void folderCountsAsMountedOnceAVolumeIsWritten() throws IOException {
		Path target = this.dir.resolve("pods/u/volume/mount");

		this.mounter.mount(target);

		assertThat(target).isEmptyDirectory();
		assertThat(Modes.of(target)).isEqualTo(0750);
		assertThat(this.mounter.isMounted(target)).isFalse();

		new AtomicWriter(target).write(List.of(file("a", 0644, "A")));

		assertThat(this.mounter.isMounted(target)).isTrue();
	}

	@Test
	void unmountLeavesTheFilesToTheCaller() throws IOException {
		Path target = this.dir.resolve("volume");
		this.mounter.mount(target);
		new AtomicWriter(target).write(List.of(file("a", 0644, "A")));

		this.mounter.unmount(target);
		this.mounter.unmount(this.dir.resolve("missing"));

		assertThat(target.resolve("a")).hasContent("A");
		assertThat(this.mounter.isMounted(this.dir.resolve("missing"))).isFalse();
	}

}
