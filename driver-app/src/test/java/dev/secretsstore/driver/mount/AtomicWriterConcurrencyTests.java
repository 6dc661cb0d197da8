package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.secretsstore.provider.SecretFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.secretsstore.driver.mount.AtomicWriterTests.file;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a reader opening a file by path while {@link AtomicWriter} rewrites the volume sees whole versions only.
 */
class AtomicWriterConcurrencyTests {

	private static final int WRITES = 600;

	private static final int MAX_READS = 20_000_000;

	private static final String FILLER = "x".repeat(4000);

	private static final Pattern VERSION = Pattern.compile("v(\\d+)\\|" + FILLER + "\\|end");

	@TempDir
	Path target;

	@Test
	void readerNeverSeesAMissingOrPartialFile() throws Exception {
		AtomicWriter writer = new AtomicWriter(this.target);
		writer.write(version(0));
		CountDownLatch start = new CountDownLatch(2);
		AtomicBoolean writing = new AtomicBoolean(true);
		CompletableFuture<Integer> reads = CompletableFuture.supplyAsync(() -> read(start, writing));

		start.countDown();
		start.await();
		try {
			for (int i = 1; i <= WRITES; i++) {
				assertThat(writer.write(version(i))).isTrue();
			}
		}
		finally {
			writing.set(false);
		}

		assertThat(reads.get(60, TimeUnit.SECONDS)).isPositive();
		assertThat(this.target.resolve("b")).hasContent("v" + WRITES + "|" + FILLER + "|end");
	}

	// Both files carry the version's tag; the closing "|end" shows a read got the whole file.
	private static List<SecretFile> version(int i) {
		String contents = "v" + i + "|" + FILLER + "|end";
		return List.of(file("a", 0644, contents), file("b", 0640, contents));
	}

	private int read(CountDownLatch start, AtomicBoolean writing) {
		start.countDown();
		int count = 0;
		int last = 0;
		try {
			while (writing.get() && count < MAX_READS) {
				String contents = Files.readString(this.target.resolve("a"));
				Matcher matcher = VERSION.matcher(contents);
				assertThat(matcher.matches()).as("whole version, got %d chars", contents.length()).isTrue();
				int seen = Integer.parseInt(matcher.group(1));
				assertThat(seen).as("versions only move forward").isGreaterThanOrEqualTo(last);
				last = seen;
				count++;
			}
		}
		catch (IOException ex) {
			throw new AssertionError("read number " + count + " failed", ex);
		}
		return count;
	}

}
