package dev.secretsstore.driver.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;

import org.jspecify.annotations.Nullable;

/**
 * The shared token a caller of the webhook must present, read from a file (a mounted
 * Secret) and read again when the file changes, so that a rotated token takes effect
 * without a restart. Compared in constant time; never logged.
 */
final class WebhookToken {

	/** Shorter tokens are refused: the webhook faces the internet. */
	static final int MIN_LENGTH = 16;

	private final Path file;

	private volatile byte[] token;

	private volatile FileTime readAt;

	WebhookToken(Path file) {
		this.file = file;
		reload();
	}

	/**
	 * Whether {@code presented} is the token.
	 */
	boolean matches(@Nullable String presented) {
		if (presented == null) {
			return false;
		}
		reloadIfChanged();
		return MessageDigest.isEqual(this.token, presented.getBytes(StandardCharsets.UTF_8));
	}

	private void reloadIfChanged() {
		try {
			if (!Files.getLastModifiedTime(this.file).equals(this.readAt)) {
				reload();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// keep the token read last: a Secret's mount swaps its files, and a read
			// during the swap can fail
		}
	}

	private synchronized void reload() {
		try {
			FileTime modified = Files.getLastModifiedTime(this.file);
			String text = Files.readString(this.file, StandardCharsets.UTF_8).strip();
			if (text.length() < MIN_LENGTH) {
				throw new IllegalStateException(
						"the webhook token in " + this.file + " is shorter than " + MIN_LENGTH + " characters");
			}
			this.token = text.getBytes(StandardCharsets.UTF_8);
			this.readAt = modified;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the webhook token file " + this.file, ex);
		}
	}

}
