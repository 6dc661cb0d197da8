package dev.secretsstore.driver.mount.atomic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.secretsstore.driver.mount.FileGroup;
import dev.secretsstore.driver.mount.Modes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.secretsstore.driver.mount.TestFiles.assumeRoot;
import static dev.secretsstore.driver.mount.TestFiles.file;
import static dev.secretsstore.driver.mount.TestFiles.gid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AtomicWriter} with a {@link FileGroup}: every file, folder and link of
 * every generation gets the group, files {@code g+r} and folders {@code g+rx}. Changing a
 * file's group needs root, as the driver runs.
 */
class AtomicWriterGroupTests {

	@TempDir
	Path target;

	private int driverGid;

	private FileGroup group;

	@BeforeEach
	void pickAGroupOtherThanTheDrivers() throws IOException {
		assumeRoot();
		this.driverGid = gid(this.target);
		this.group = FileGroup.of(this.driverGid + 4321);
	}

	@Test
	void everyEntryGetsTheGroupAndItsReadBits() throws IOException {
		Modes.set(this.target, 0700);

		new AtomicWriter(this.target, this.group)
			.write(List.of(file("a", 0600, "A"), file("b/c", 0400, "C"), file("d", 0644, "D")));

		Path data = this.target.resolve("..data");
		Path generation = this.target.resolve(Files.readSymbolicLink(data));
		assertOwned(this.target, 0750);
		assertOwned(generation, 0755);
		assertOwned(generation.resolve("b"), 0755);
		assertOwned(generation.resolve("a"), 0640);
		assertOwned(generation.resolve("b/c"), 0440);
		assertOwned(generation.resolve("d"), 0644);
		for (String link : List.of("..data", "a", "b", "d")) {
			assertThat(this.target.resolve(link)).isSymbolicLink();
			assertThat(gid(this.target.resolve(link))).as(link).isEqualTo(this.group.gid());
		}
	}

	@Test
	void aRotationsNewGenerationGetsTheGroupToo() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.target, this.group);
		writer.write(List.of(file("a", 0600, "v1")));
		Path first = Files.readSymbolicLink(this.target.resolve("..data"));

		assertThat(writer.write(List.of(file("a", 0600, "v2"), file("n/e", 0600, "new")))).isTrue();

		Path second = this.target.resolve(Files.readSymbolicLink(this.target.resolve("..data")));
		assertThat(second.getFileName()).isNotEqualTo(first);
		assertThat(second.resolve("a")).hasContent("v2");
		assertOwned(second, 0755);
		assertOwned(second.resolve("a"), 0640);
		assertOwned(second.resolve("n"), 0755);
		assertOwned(second.resolve("n/e"), 0640);
		assertThat(gid(this.target.resolve("n"))).isEqualTo(this.group.gid());
	}

	@Test
	void theSamePayloadWithTheSameGroupIsANoOp() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.target, this.group);
		writer.write(List.of(file("a", 0600, "A")));
		Path before = Files.readSymbolicLink(this.target.resolve("..data"));

		assertThat(writer.write(List.of(file("a", 0600, "A")))).isFalse();

		assertThat(Files.readSymbolicLink(this.target.resolve("..data"))).isEqualTo(before);
	}

	@Test
	void filesWrittenWithoutTheGroupAreWrittenAgainWithIt() throws IOException {
		new AtomicWriter(this.target).write(List.of(file("a", 0600, "A")));
		assertThat(gid(this.target.resolve("..data/a"))).isEqualTo(this.driverGid);
		assertThat(Modes.of(this.target.resolve("..data/a"))).isEqualTo(0600);

		assertThat(new AtomicWriter(this.target, this.group).write(List.of(file("a", 0600, "A")))).isTrue();

		assertOwned(this.target.resolve("..data/a"), 0640);
	}

	@Test
	void withoutAGroupNothingChanges() throws IOException {
		Modes.set(this.target, 0700);

		new AtomicWriter(this.target, FileGroup.NONE).write(List.of(file("a", 0600, "A")));

		assertThat(gid(this.target)).isEqualTo(this.driverGid);
		assertThat(Modes.of(this.target)).isEqualTo(0700);
		assertThat(gid(this.target.resolve("..data/a"))).isEqualTo(this.driverGid);
		assertThat(Modes.of(this.target.resolve("..data/a"))).isEqualTo(0600);
	}

	private void assertOwned(Path path, int mode) throws IOException {
		assertThat(gid(path)).as("group of %s", path).isEqualTo(this.group.gid());
		assertThat(Integer.toOctalString(Modes.of(path))).as("mode of %s", path).isEqualTo(Integer.toOctalString(mode));
	}

}
