package dev.secretsstore.driver.mount.atomic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.secretsstore.provider.SecretFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.secretsstore.driver.mount.TestFiles.file;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a reader opening a file by path while {@link AtomicWriter} rewrites the
 * volume sees whole versions only.
 *
 * <p>
 * The writer starts write {@code i + 1} only once a read that began after write {@code i}
 * has finished, so every read overlaps at most one swap of {@code ..data}: the case the
 * kept generation is for. Without that pacing a reader preempted across two swaps of this
 * tight loop can lose its folder, which rotation every few minutes never does.
 */
class AtomicWriterConcurrencyTests {

	private static final int WRITES = 600;

	private static final int MAX_READS = 20_000_000;

	private static final String FILLER = "x".repeat(4000);

	private static final Pattern VERSION = Pattern.compile("v(\\d+)\\|" + FILLER + "\\|end");

	@TempDir
	Path target;

	private final AtomicInteger writesDone = new AtomicInteger();

	private final AtomicInteger lastReadStartedAfter = new AtomicInteger(-1);

	private final AtomicBoolean writing = new AtomicBoolean(true);

	@Test
	void readerNeverSeesAMissingOrPartialFile() throws Exception {
		AtomicWriter writer = new AtomicWriter(this.target);
		writer.write(version(0));
		CompletableFuture<Integer> reads = CompletableFuture.supplyAsync(this::read);
		try {
			for (int i = 1; i <= WRITES; i++) {
				while (this.lastReadStartedAfter.get() < i - 1 && !reads.isDone()) {
					Thread.onSpinWait();
				}
				assertThat(writer.write(version(i))).isTrue();
				this.writesDone.set(i);
			}
		}
		finally {
			this.writing.set(false);
		}

		assertThat(reads.get(60, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(WRITES);
		assertThat(this.target.resolve("b")).hasContent("v" + WRITES + "|" + FILLER + "|end");
	}

	// Both files carry the version's tag; the closing "|end" shows a read got the whole
	// file.
	private static List<SecretFile> version(int i) {
		String contents = "v" + i + "|" + FILLER + "|end";
		return List.of(file("a", 0644, contents), file("b", 0640, contents));
	}

	private int read() {
		int count = 0;
		int last = 0;
		try {
			while (this.writing.get() && count < MAX_READS) {
				int startedAfter = this.writesDone.get();
				String contents = Files.readString(this.target.resolve("a"));
				Matcher matcher = VERSION.matcher(contents);
				assertThat(matcher.matches()).as("whole version, got %d chars", contents.length()).isTrue();
				int seen = Integer.parseInt(matcher.group(1));
				assertThat(seen).as("versions only move forward").isGreaterThanOrEqualTo(last);
				last = seen;
				count++;
				this.lastReadStartedAfter.set(startedAfter);
			}
		}
		catch (IOException ex) {
			throw new AssertionError("read number " + count + " failed", ex);
		}
		return count;
	}

}
