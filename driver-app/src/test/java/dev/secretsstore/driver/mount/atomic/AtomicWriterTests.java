package dev.secretsstore.driver.mount.atomic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import dev.secretsstore.driver.mount.Modes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.secretsstore.driver.mount.TestFiles.file;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AtomicWriter}: layout, updates, no-ops and generations.
 */
class AtomicWriterTests {

	@TempDir
	Path target;

	@Test
	void firstWriteCreatesTheAtomicLayout() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.target);

		boolean written = writer.write(List.of(file("a", 0644, "A"), file("b/c", 0600, "C"), file("d", 0, "D")));

		assertThat(written).isTrue();
		Path data = this.target.resolve("..data");
		assertThat(data).isSymbolicLink();
		Path generation = Files.readSymbolicLink(data);
		assertThat(generation.getNameCount()).isEqualTo(1);
		assertThat(generation.toString()).matches("\\.\\.\\d{4}_\\d{2}_\\d{2}_\\d{2}_\\d{2}_\\d{2}\\.\\d+");
		assertThat(Modes.of(this.target.resolve(generation))).isEqualTo(0755);
		assertThat(Files.readSymbolicLink(this.target.resolve("a"))).isEqualTo(Path.of("..data", "a"));
		assertThat(Files.readSymbolicLink(this.target.resolve("b"))).isEqualTo(Path.of("..data", "b"));
		assertThat(Files.readSymbolicLink(this.target.resolve("d"))).isEqualTo(Path.of("..data", "d"));
		assertThat(read("a")).isEqualTo("A");
		assertThat(read("b/c")).isEqualTo("C");
		assertThat(Modes.of(data.resolve("a"))).isEqualTo(0644);
		assertThat(Modes.of(data.resolve("b/c"))).isEqualTo(0600);
		assertThat(Modes.of(data.resolve("b"))).isEqualTo(0755);
		assertThat(Modes.of(data.resolve("d"))).as("mode 0 becomes 0644 in SecretFile").isEqualTo(0644);
		assertThat(names()).containsExactlyInAnyOrder("..data", generation.toString(), "a", "b", "d");
	}

	@Test
	void unchangedPayloadIsANoOp() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.target);
		writer.write(List.of(file("a", 0644, "A"), file("x/y", 0640, "Y")));
		Path before = Files.readSymbolicLink(this.target.resolve("..data"));

		boolean written = writer.write(List.of(file("x/y", 0640, "Y"), file("a", 0644, "A")));

		assertThat(written).isFalse();
		assertThat(Files.readSymbolicLink(this.target.resolve("..data"))).isEqualTo(before);
		assertThat(names()).containsExactlyInAnyOrder("..data", before.toString(), "a", "x");
	}

	@Test
	void changedContentMakesANewGeneration() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.target);
		writer.write(List.of(file("a", 0644, "old")));
		Path first = Files.readSymbolicLink(this.target.resolve("..data"));

		assertThat(writer.write(List.of(file("a", 0644, "new")))).isTrue();

		assertThat(Files.readSymbolicLink(this.target.resolve("..data"))).isNotEqualTo(first);
		assertThat(read("a")).isEqualTo("new");
	}

	@Test
	void modeOnlyChangeIsAChange() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.target);
		writer.write(List.of(file("a", 0644, "A")));

		assertThat(writer.write(List.of(file("a", 0600, "A")))).isTrue();

		assertThat(Modes.of(this.target.resolve("..data/a"))).isEqualTo(0600);
	}

	@Test
	void replacedGenerationIsKeptUntilTheNextWrite() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.target);
		writer.write(List.of(file("a", 0644, "v1")));
		Path first = this.target.resolve(Files.readSymbolicLink(this.target.resolve("..data")));
		writer.write(List.of(file("a", 0644, "v2")));
		Path second = this.target.resolve(Files.readSymbolicLink(this.target.resolve("..data")));

		assertThat(first.resolve("a")).hasContent("v1");

		writer.write(List.of(file("a", 0644, "v3")));

		assertThat(first).doesNotExist();
		assertThat(second.resolve("a")).hasContent("v2");
		assertThat(read("a")).isEqualTo("v3");
		assertThat(names().stream().filter((name) -> AtomicLayout.TIMESTAMP_DIR.matcher(name).matches())).hasSize(2);
	}

	@Test
	void missingTopLevelLinkIsRestored() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.target);
		writer.write(List.of(file("a", 0644, "A")));
		Files.delete(this.target.resolve("a"));

		assertThat(writer.write(List.of(file("a", 0644, "A")))).isTrue();

		assertThat(read("a")).isEqualTo("A");
	}

	@Test
	void foreignLinkAtAPayloadNameIsReplaced(@TempDir Path outside) throws IOException {
		Files.writeString(outside.resolve("secret"), "outside");
		Files.createSymbolicLink(this.target.resolve("a"), outside.resolve("secret"));

		new AtomicWriter(this.target).write(List.of(file("a", 0644, "A")));

		assertThat(Files.readSymbolicLink(this.target.resolve("a"))).isEqualTo(Path.of("..data", "a"));
		assertThat(outside.resolve("secret")).hasContent("outside");
	}

	@Test
	void leftoversOfAnInterruptedWriteAreRemoved() throws IOException {
		Path orphan = Files.createDirectory(this.target.resolve("..2020_01_02_03_04_05.123"));
		Files.writeString(orphan.resolve("a"), "half");
		Files.createSymbolicLink(this.target.resolve("..data_tmp"), orphan.getFileName());

		new AtomicWriter(this.target).write(List.of(file("a", 0644, "A")));

		assertThat(orphan).doesNotExist();
		assertThat(this.target.resolve("..data_tmp")).doesNotExist();
		assertThat(read("a")).isEqualTo("A");
	}

	private String read(String path) throws IOException {
		return Files.readString(this.target.resolve(path));
	}

	private List<String> names() throws IOException {
		try (var entries = Files.list(this.target)) {
			return entries.filter((entry) -> Files.exists(entry, LinkOption.NOFOLLOW_LINKS))
				.map((entry) -> entry.getFileName().toString())
				.toList();
		}
	}

}
