package dev.secretsstore.provider;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MountedFilesTests {

	@TempDir
	Path dir;

	@Test
	void readsAFileThroughTheAtomicLayoutsLinks() throws IOException {
		Path target = Files.createDirectories(this.dir.resolve("target"));
		Path generation = Files.createDirectories(target.resolve("..2026_12_06_10_00_00.1/db"));
		Files.writeString(generation.resolve("password"), "s3cret");
		Files.createSymbolicLink(target.resolve("..data"), Path.of("..2026_12_06_10_00_00.1"));
		Files.createSymbolicLink(target.resolve("db"), Path.of("..data/db"));

		assertThat(MountedFiles.read(target.toString(), "db/password"))
			.hasValueSatisfying((bytes) -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("s3cret"));
	}

	@Test
	void neverFollowsALinkOutOfTheTargetFolder() throws IOException {
		Path target = Files.createDirectories(this.dir.resolve("target"));
		Path outside = Files.writeString(this.dir.resolve("shadow"), "root:x:0:0");
		Files.createSymbolicLink(target.resolve("password"), outside);

		assertThat(MountedFiles.read(target.toString(), "password")).isEmpty();
	}

	@Test
	void refusesPathsThatAreNotCleanAndRelative() throws IOException {
		Path target = Files.createDirectories(this.dir.resolve("volumes/target"));
		Files.writeString(this.dir.resolve("volumes/other"), "another volume");

		assertThat(MountedFiles.read(target.toString(), "../other")).isEmpty();
		assertThat(MountedFiles.read(target.toString(), this.dir.resolve("volumes/other").toString())).isEmpty();
	}

	@Test
	void aMissingFileAFolderOrAnOversizedFileIsNotRead() throws IOException {
		Path target = Files.createDirectories(this.dir.resolve("target"));
		Files.createDirectories(target.resolve("folder"));
		try (RandomAccessFile big = new RandomAccessFile(target.resolve("big").toFile(), "rw")) {
			big.setLength(MountedFiles.MAX_SIZE + 1);
		}

		assertThat(MountedFiles.read(target.toString(), "missing")).isEmpty();
		assertThat(MountedFiles.read(target.toString(), "folder")).isEmpty();
		assertThat(MountedFiles.read(target.toString(), "big")).isEmpty();
		assertThat(MountedFiles.read("", "missing")).isEmpty();
	}

}
