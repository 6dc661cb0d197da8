package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;

import dev.secretsstore.driver.mount.atomic.AtomicWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.secretsstore.driver.mount.TestFiles.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link VolumeFolder}.
 */
class VolumeFolderTests {

	@TempDir
	Path dir;

	@TempDir
	Path outside;

	@Test
	void clearRemovesDotEntriesAndLinksButNotWhatLinksPointTo() throws IOException {
		Path folder = Files.createDirectory(this.dir.resolve("volume"));
		AtomicWriter writer = new AtomicWriter(folder);
		writer.write(List.of(file("a", 0644, "1"), file("b/c", 0644, "1")));
		writer.write(List.of(file("a", 0644, "2")));
		Files.writeString(this.outside.resolve("keep"), "outside");
		Files.createSymbolicLink(folder.resolve("escape"), this.outside);
		Files.createSymbolicLink(folder.resolve("..hidden"), this.outside.resolve("keep"));
		Files.createDirectories(folder.resolve("plain/deep"));

		VolumeFolder.clear(folder);

		assertThat(folder).isEmptyDirectory();
		assertThat(this.outside.resolve("keep")).hasContent("outside");
	}

	@Test
	void clearAndRemoveAcceptAMissingFolder() throws IOException {
		Path missing = this.dir.resolve("missing");

		VolumeFolder.clear(missing);

		assertThat(VolumeFolder.removeIfEmpty(missing)).isTrue();
	}

	@Test
	void clearRefusesALinkInsteadOfAFolder() throws IOException {
		Files.writeString(this.outside.resolve("keep"), "outside");
		Path link = Files.createSymbolicLink(this.dir.resolve("volume"), this.outside);

		assertThatExceptionOfType(NotDirectoryException.class).isThrownBy(() -> VolumeFolder.clear(link));

		assertThat(this.outside.resolve("keep")).hasContent("outside");
	}

	@Test
	void clearLeavesNestedMountPointsAndSaysSo() throws IOException {
		Path folder = Files.createDirectories(this.dir.resolve("volume"));
		Path nested = Files.createDirectories(folder.resolve("sub/mnt"));
		Files.writeString(nested.resolve("other"), "other mount");
		Files.writeString(folder.resolve("sub/file"), "x");
		Files.writeString(folder.resolve("file"), "x");
		Path mountinfo = Files.writeString(this.dir.resolve("mountinfo"),
				"1 0 0:1 / " + nested.toRealPath() + " rw - tmpfs tmpfs rw\n");

		assertThatIOException().isThrownBy(() -> VolumeFolder.clear(folder, new MountTable(mountinfo)))
			.withMessageContaining(nested.toRealPath().toString());

		assertThat(nested.resolve("other")).hasContent("other mount");
		assertThat(folder.resolve("sub/file")).doesNotExist();
		assertThat(folder.resolve("file")).doesNotExist();
	}

	@Test
	void clearDoesNotCrossIntoARealTmpfs() throws IOException {
		TestFiles.assumeRoot();
		Path folder = Files.createDirectories(this.dir.resolve("volume"));
		Path nested = folder.resolve("mnt");
		TmpfsMounter mounter = new TmpfsMounter();
		mounter.mount(nested);
		try {
			Files.writeString(nested.resolve("other"), "other mount");
			MountTable blind = new MountTable(Files.writeString(this.dir.resolve("mountinfo"), ""));

			assertThatIOException().isThrownBy(() -> VolumeFolder.clear(folder, blind))
				.withMessageContaining("left the mount points");
			assertThat(nested.resolve("other")).as("the device check alone stops the walk").hasContent("other mount");
		}
		finally {
			mounter.unmount(nested);
		}
	}

	@Test
	void removeIfEmptyKeepsAFolderWithContent() throws IOException {
		Path folder = Files.createDirectory(this.dir.resolve("volume"));
		Files.writeString(folder.resolve("file"), "x");

		assertThat(VolumeFolder.removeIfEmpty(folder)).isFalse();
		Files.delete(folder.resolve("file"));
		assertThat(VolumeFolder.removeIfEmpty(folder)).isTrue();
		assertThat(folder).doesNotExist();
	}

	@Test
	void createMakesParentsAndKeepsAnExistingFolder() throws IOException {
		Path folder = this.dir.resolve("a/b/mount");

		VolumeFolder.create(folder);
		Files.writeString(folder.resolve("file"), "x");
		VolumeFolder.create(folder);

		assertThat(Modes.of(folder)).isEqualTo(0750);
		assertThat(folder.resolve("file")).hasContent("x");
	}

}
