package dev.secretsstore.driver.volume;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per target path, so publish, unpublish and rotation of one volume never
 * interleave while different volumes proceed in parallel. A lock lives only while someone
 * holds or waits for it, so the map does not grow with every pod the node has ever run.
 */
public class VolumeLocks {

	private final ConcurrentHashMap<Path, CountedLock> locks = new ConcurrentHashMap<>();

	/**
	 * Locks {@code target}; close the handle to unlock.
	 */
	public Held lock(Path target) {
		CountedLock lock = this.locks.compute(target, (key, existing) -> {
			CountedLock counted = (existing != null) ? existing : new CountedLock();
			counted.users++;
			return counted;
		});
		lock.lock.lock();
		return () -> {
			lock.lock.unlock();
			this.locks.compute(target, (key, existing) -> (--existing.users == 0) ? null : existing);
		};
	}

	int size() {
		return this.locks.size();
	}

	/**
	 * A held lock.
	 */
	@FunctionalInterface
	public interface Held extends AutoCloseable {

		@Override
		void close();

	}

	private static final class CountedLock {

		private final ReentrantLock lock = new ReentrantLock();

		private int users;

	}

}
