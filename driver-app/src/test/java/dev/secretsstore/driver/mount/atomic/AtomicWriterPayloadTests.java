package dev.secretsstore.driver.mount.atomic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.secretsstore.driver.mount.TestFiles.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the paths {@link AtomicWriter} accepts, removes and reports.
 */
class AtomicWriterPayloadTests {

	@TempDir
	Path target;

	@ParameterizedTest
	@ValueSource(
			strings = { "/abs", "..", "../x", "..x", "..data", "a/../b", "a/..", "./a", "a/./b", "a//b", "a/", "" })
	void invalidPathIsRefusedAndNothingIsWritten(String path) throws IOException {
		AtomicWriter writer = new AtomicWriter(this.target);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> writer.write(List.of(file("ok", 0644, "x"), file(path, 0644, "y"))));

		assertThat(this.target).isEmptyDirectory();
	}

	@Test
	void tooLongPathOrElementIsRefused() {
		AtomicWriter writer = new AtomicWriter(this.target);
		String longElement = "e".repeat(256);
		String longPath = ("d".repeat(200) + "/").repeat(20) + "f".repeat(77);

		assertThat(longPath).hasSize(4097);
		assertThatIllegalArgumentException().isThrownBy(() -> writer.write(List.of(file(longElement, 0644, "x"))));
		assertThatIllegalArgumentException().isThrownBy(() -> writer.write(List.of(file(longPath, 0644, "x"))));
		assertThat(this.target).isEmptyDirectory();
	}

	@Test
	void longestElementIsAccepted() throws IOException {
		String name = "e".repeat(255);

		new AtomicWriter(this.target).write(List.of(file(name, 0644, "x")));

		assertThat(this.target.resolve(name)).hasContent("x");
	}

	@Test
	void duplicateOrClashingPathsAreRefusedAndTheVolumeIsUnchanged() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.target);
		writer.write(List.of(file("a", 0644, "A")));
		Path before = Files.readSymbolicLink(this.target.resolve("..data"));

		assertThatIllegalArgumentException()
			.isThrownBy(() -> writer.write(List.of(file("b", 0644, "1"), file("b", 0644, "2"))))
			.withMessageContaining("more than once");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> writer.write(List.of(file("b/c", 0644, "1"), file("b", 0644, "2"))))
			.withMessageContaining("is a file");

		assertThat(Files.readSymbolicLink(this.target.resolve("..data"))).isEqualTo(before);
		assertThat(writer.mountedFiles()).containsOnlyKeys("a");
	}

	@Test
	void nestedPathsGetOneTopLevelLink() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.target);

		writer.write(List.of(file("a/b/c", 0644, "C"), file("a/d", 0644, "D")));

		assertThat(Files.readSymbolicLink(this.target.resolve("a"))).isEqualTo(Path.of("..data", "a"));
		assertThat(this.target.resolve("a/b/c")).hasContent("C");
		assertThat(writer.mountedFiles()).containsOnlyKeys("a/b/c", "a/d");
	}

	@Test
	void removedTopLevelFileDisappears() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.target);
		writer.write(List.of(file("a", 0644, "A"), file("b", 0644, "B")));

		assertThat(writer.write(List.of(file("a", 0644, "A")))).isTrue();

		assertThat(Files.exists(this.target.resolve("b"), LinkOption.NOFOLLOW_LINKS)).isFalse();
		assertThat(writer.mountedFiles()).containsOnlyKeys("a");
	}

	@Test
	void removedNestedFileDisappears() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.target);
		writer.write(List.of(file("a/b/c", 0644, "C"), file("a/d", 0644, "D")));

		assertThat(writer.write(List.of(file("a/d", 0644, "D")))).isTrue();

		assertThat(this.target.resolve("a/b")).doesNotExist();
		assertThat(writer.mountedFiles()).containsOnlyKeys("a/d");
	}

	@Test
	void removedDoublyNestedTreeDisappears() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.target);
		writer.write(List.of(file("a/b/c/d", 0644, "D"), file("a/b/e", 0644, "E"), file("f", 0644, "F")));

		assertThat(writer.write(List.of(file("f", 0644, "F")))).isTrue();

		assertThat(Files.exists(this.target.resolve("a"), LinkOption.NOFOLLOW_LINKS)).isFalse();
		assertThat(writer.mountedFiles()).containsOnlyKeys("f");
	}

	@Test
	void legacyPlainEntriesAreReplacedWithoutFollowingTheirLinks(@TempDir Path outside) throws IOException {
		Files.writeString(outside.resolve("keep"), "outside");
		Files.writeString(this.target.resolve("foo"), "legacy");
		Files.createDirectories(this.target.resolve("bar/old"));
		Files.createSymbolicLink(this.target.resolve("bar/old/link"), outside);
		Files.writeString(this.target.resolve("unrelated"), "legacy");
		AtomicWriter writer = new AtomicWriter(this.target);

		writer.write(List.of(file("foo", 0644, "new"), file("bar/new", 0644, "N")));

		assertThat(this.target.resolve("foo")).isSymbolicLink().hasContent("new");
		assertThat(this.target.resolve("bar")).isSymbolicLink();
		assertThat(this.target.resolve("bar/old")).doesNotExist();
		assertThat(outside.resolve("keep")).hasContent("outside");
		assertThat(this.target.resolve("unrelated")).hasContent("legacy");
	}

	@Test
	void mountedFilesFollowsTheLayoutButNotLinksLeadingOut(@TempDir Path outside) throws IOException {
		Files.writeString(outside.resolve("secret"), "outside");
		AtomicWriter writer = new AtomicWriter(this.target);
		writer.write(List.of(file("a", 0644, "A"), file("b/c", 0644, "C"), file("b/d/e", 0644, "E")));
		Files.createSymbolicLink(this.target.resolve("escape"), outside);
		Files.createSymbolicLink(this.target.resolve("dangling"), this.target.resolve("nothing"));

		var files = writer.mountedFiles();

		assertThat(files).containsOnlyKeys("a", "b/c", "b/d/e");
		assertThat(files.get("b/d/e")).isEqualTo(this.target.toAbsolutePath().resolve("b/d/e")).hasContent("E");
		assertThat(files.get("a")).isAbsolute().hasContent("A");
	}

}
