package dev.secretsstore.driver.standalone.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class VersionKeyFileTests {

	@TempDir
	Path folder;

	@Test
	void theFirstStartMakesA32ByteKeyOnlyItsOwnerCanReadAndLaterStartsKeepIt() throws Exception {
		Path file = this.folder.resolve("state/local-provider.key");

		byte[] key = VersionKeyFile.loadOrCreate(file);

		assertThat(key).hasSize(32);
		assertThat(file).hasBinaryContent(key);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(VersionKeyFile.loadOrCreate(file)).isEqualTo(key);
		try (var entries = Files.list(file.getParent())) {
			assertThat(entries).as("no temporary file left").containsExactly(file);
		}
	}

	@Test
	void racingStartsAgreeOnOneKey() throws Exception {
		Path file = this.folder.resolve("local-provider.key");
		ExecutorService starts = Executors.newFixedThreadPool(8);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<byte[]>> keys = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				keys.add(starts.submit(() -> {
					go.await();
					return VersionKeyFile.loadOrCreate(file);
				}));
			}
			go.countDown();
			byte[] first = keys.get(0).get(10, TimeUnit.SECONDS);
			for (Future<byte[]> key : keys) {
				assertThat(key.get(10, TimeUnit.SECONDS)).isEqualTo(first);
			}
			assertThat(file).hasBinaryContent(first);
		}
		finally {
			starts.shutdownNow();
		}
	}

	@Test
	void aKeyOthersCouldReadIsMadeOwnerOnly() throws Exception {
		Path file = this.folder.resolve("local-provider.key");
		byte[] key = VersionKeyFile.loadOrCreate(file);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

		assertThat(VersionKeyFile.loadOrCreate(file)).isEqualTo(key);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
	}

	@Test
	void aKeyFileOfTheWrongSizeOrALinkIsRefusedNotReplaced() throws IOException {
		Path shortFile = Files.write(this.folder.resolve("short.key"), new byte[] { 1, 2, 3 });
		assertThatIOException().isThrownBy(() -> VersionKeyFile.loadOrCreate(shortFile))
			.withMessageContaining("not a regular file of 32 bytes");
		assertThat(shortFile).hasBinaryContent(new byte[] { 1, 2, 3 });

		Path target = Files.write(this.folder.resolve("elsewhere"), new byte[32]);
		Path link = Files.createSymbolicLink(this.folder.resolve("link.key"), target);
		assertThatIOException().isThrownBy(() -> VersionKeyFile.loadOrCreate(link))
			.withMessageContaining("not a regular file");
	}

}
