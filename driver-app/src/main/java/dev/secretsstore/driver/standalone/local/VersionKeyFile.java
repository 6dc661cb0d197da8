package dev.secretsstore.driver.standalone.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} provider's HMAC key: 32 random bytes in a file of mode 0600, made on
 * the first start and kept, so versions stay the same across restarts (a new key would
 * show every object as rotated). The file appears whole or not at all: it is written
 * under a temporary name and hard-linked into place, which fails if another start got
 * there first; that start's key is then used, so racing starts agree on one key.
 */
final class VersionKeyFile {

	/** The key's length, as the Go Vault provider's. */
	static final int LENGTH = 32;

	private static final Logger logger = LoggerFactory.getLogger(VersionKeyFile.class);

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private static final SecureRandom RANDOM = new SecureRandom();

	private VersionKeyFile() {
	}

	/**
	 * The key in {@code file}, made first when there is none.
	 * @throws IOException when the file cannot be made or read, or is not a 32-byte
	 * regular file
	 */
	static byte[] loadOrCreate(Path file) throws IOException {
		try {
			return read(file);
		}
		catch (NoSuchFileException ex) {
			return create(file);
		}
	}

	private static byte[] create(Path file) throws IOException {
		Path folder = Files.createDirectories(file.toAbsolutePath().getParent());
		byte[] key = new byte[LENGTH];
		RANDOM.nextBytes(key);
		Path temporary = Files.createTempFile(folder, "." + file.getFileName(), ".tmp",
				PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		try {
			try (SeekableByteChannel channel = Files.newByteChannel(temporary, StandardOpenOption.WRITE,
					StandardOpenOption.SYNC)) {
				channel.write(ByteBuffer.wrap(key));
			}
			Files.createLink(file, temporary);
			logger.info("Made the local provider's version key {}", file);
			return key;
		}
		catch (FileAlreadyExistsException ex) {
			// another start made it meanwhile: use theirs
			return read(file);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static byte[] read(Path file) throws IOException {
		PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class,
				LinkOption.NOFOLLOW_LINKS);
		if (!attributes.isRegularFile() || attributes.size() != LENGTH) {
			throw new IOException("the local provider's version key " + file + " is not a regular file of " + LENGTH
					+ " bytes; delete it and a new one is made at the next start (every object then shows a new "
					+ "version once)");
		}
		if (!attributes.permissions().equals(OWNER_ONLY)) {
			logger.warn("The local provider's version key {} had mode {}; set to rw-------", file,
					PosixFilePermissions.toString(attributes.permissions()));
			Files.setPosixFilePermissions(file, OWNER_ONLY);
		}
		byte[] key;
		try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
			key = in.readNBytes(LENGTH + 1);
		}
		if (key.length != LENGTH) {
			throw new IOException("the local provider's version key " + file + " changed while it was read");
		}
		return key;
	}

}
