package dev.secretsstore.driver.volume;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VolumeLocksTests {

	private final VolumeLocks locks = new VolumeLocks();

	@Test
	void oneTargetIsHeldByOneCallerAtATime() throws Exception {
		Path target = Path.of("/v/mount");
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger maxInside = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			for (int i = 0; i < 200; i++) {
				pool.submit(() -> {
					try (VolumeLocks.Held held = this.locks.lock(target)) {
						maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
						inside.decrementAndGet();
					}
				});
			}
		}
		finally {
			pool.shutdown();
			assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(maxInside).hasValue(1);
		assertThat(this.locks.size()).as("no lock outlives its users").isZero();
	}

	@Test
	void differentTargetsDoNotWaitForEachOther() throws Exception {
		CountDownLatch firstHeld = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<?> holder = pool.submit(() -> {
				try (VolumeLocks.Held held = this.locks.lock(Path.of("/a/mount"))) {
					firstHeld.countDown();
					release.await();
				}
				return null;
			});
			assertThat(firstHeld.await(5, TimeUnit.SECONDS)).isTrue();
			try (VolumeLocks.Held other = this.locks.lock(Path.of("/b/mount"))) {
				assertThat(this.locks.size()).isEqualTo(2);
			}
			release.countDown();
			holder.get(5, TimeUnit.SECONDS);
		}
		finally {
			pool.shutdownNow();
		}
	}

}
