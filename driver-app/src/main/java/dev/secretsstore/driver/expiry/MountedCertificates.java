package dev.secretsstore.driver.expiry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import dev.secretsstore.driver.mount.atomic.AtomicWriter;

/**
 * The certificates among the files mounted in a volume, by file path in the volume: each
 * file is read once, its bytes dropped (and zeroed) as soon as its NotAfter is known.
 */
final class MountedCertificates {

	/**
	 * Files larger than a Kubernetes Secret may be (1 MiB) are not read: a certificate is
	 * a few kilobytes, and a large file would cost a read at every change for nothing.
	 */
	static final long LARGEST_READ = 1024 * 1024;

	private MountedCertificates() {
	}

	/**
	 * The NotAfter of each certificate file mounted at {@code target}, by its path in the
	 * volume.
	 * @throws IOException when the volume's files cannot be listed
	 */
	static Map<String, Instant> read(Path target) throws IOException {
		Map<String, Instant> certificates = new TreeMap<>();
		for (Map.Entry<String, Path> file : new AtomicWriter(target).mountedFiles().entrySet()) {
			byte[] content;
			try {
				if (Files.size(file.getValue()) > LARGEST_READ) {
					continue;
				}
				content = Files.readAllBytes(file.getValue());
			}
			catch (IOException ex) {
				// swapped by a refresh meanwhile: that refresh reads the volume again
				continue;
			}
			try {
				CertificateReader.notAfter(content).ifPresent((notAfter) -> certificates.put(file.getKey(), notAfter));
			}
			finally {
				Arrays.fill(content, (byte) 0);
			}
		}
		return certificates;
	}

}
