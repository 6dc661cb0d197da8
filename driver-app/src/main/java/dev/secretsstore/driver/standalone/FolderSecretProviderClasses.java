package dev.secretsstore.driver.standalone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.secretsstore.driver.model.SecretProviderClasses;
import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.standalone.folder.ClassFile;
import dev.secretsstore.driver.standalone.folder.FolderScan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SecretProviderClasses read from the YAML files ({@code *.yaml}, {@code *.yml}, several
 * documents per file allowed) of one folder, with the CRD's schema; a document without a
 * namespace belongs to {@code default}.
 * <p>
 * A lookup is a map read: one thread looks at the folder every second and parses a file
 * again only when it changed (size, modification time, inode), so a slow or broken file
 * never delays a publish. Only regular files of at most {@link ClassFile#MAX_BYTES} are
 * read, directly or through a symbolic link that stays in the folder; a bad document
 * costs only itself; when two documents name one class, the first in file-name order
 * wins. Each distinct problem is logged once, as a WARN naming its file, while it lasts.
 */
public class FolderSecretProviderClasses implements SecretProviderClasses, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FolderSecretProviderClasses.class);

	private static final Duration SCAN_INTERVAL = Duration.ofSeconds(1);

	/**
	 * How long a lookup of a class not seen yet waits for a fresh scan, for a file
	 * written just before its pod.
	 */
	private static final Duration MISS_WAIT = Duration.ofSeconds(2);

	private final FolderScan scan;

	private final ScheduledExecutorService scanner;

	private volatile FolderScan.Snapshot snapshot = new FolderScan.Snapshot(Map.of(), Set.of());

	/**
	 * Reads the folder once, then watches it until {@link #close closed}.
	 */
	public FolderSecretProviderClasses(Path folder) {
		this.scan = new FolderScan(folder);
		scan();
		this.scanner = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "spc-folder-scan");
			thread.setDaemon(true);
			return thread;
		});
		long interval = SCAN_INTERVAL.toMillis();
		this.scanner.scheduleWithFixedDelay(this::scanSafely, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public Optional<SecretProviderClass> find(String namespace, String name) {
		String key = FolderScan.key(namespace, name);
		SecretProviderClass spc = this.snapshot.classes().get(key);
		if (spc == null && rescan()) {
			spc = this.snapshot.classes().get(key);
		}
		return Optional.ofNullable(spc);
	}

	/**
	 * Every SecretProviderClass in the folder, in file-name order.
	 */
	public List<SecretProviderClass> all() {
		return List.copyOf(this.snapshot.classes().values());
	}

	@Override
	public void close() {
		this.scanner.shutdownNow();
	}

	/**
	 * Looks at the folder now rather than at the next scan, for a caller that has just
	 * written a file; waits at most two seconds.
	 * @return whether a scan that started after this call has finished
	 */
	public boolean rescan() {
		try {
			// the scanner runs one task at a time, so this one starts after any scan
			// under way
			this.scanner.submit(this::scanSafely).get(MISS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException | ExecutionException | RejectedExecutionException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void scanSafely() {
		try {
			scan();
		}
		catch (RuntimeException ex) {
			// a scheduled task that throws is never run again
			logger.warn("Cannot scan the SecretProviderClass folder: {}", ex.toString());
		}
	}

	private synchronized void scan() {
		FolderScan.Snapshot last = this.snapshot;
		FolderScan.Snapshot fresh = this.scan.scan();
		fresh.problems()
			.stream()
			.filter((problem) -> !last.problems().contains(problem))
			.forEach((problem) -> logger.warn("{}", problem));
		if (!fresh.classes().equals(last.classes())) {
			logger.debug("SecretProviderClasses in the folder: {}", fresh.classes().keySet());
		}
		this.snapshot = fresh;
	}

}
