package dev.secretsstore.driver.rotation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rotation queue on real threads: workers shared out among providers, order, and one scheduled rotation per
 * volume at a time.
 */
class RotationQueueTests {

	private final ExecutorService workers = Executors.newFixedThreadPool(4);

	private final CountDownLatch hang = new CountDownLatch(1);

	private final List<String> started = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.hang.countDown();
		this.workers.shutdownNow();
	}

	@Test
	void aProviderNeverHoldsMoreThanItsShareAndOthersTakeTheRest() {
		RotationQueue queue = new RotationQueue(this.workers, 4, 2);
		for (int i = 0; i < 5; i++) {
			queue.submit(Path.of("/hung/" + i), "hung", hanging("hung-" + i));
		}
		List<CompletableFuture<Optional<RotationEvent>>> others = List.of(
				queue.submit(Path.of("/a"), "healthy", quick("a")), queue.submit(Path.of("/b"), "healthy", quick("b")),
				queue.submit(Path.of("/c"), "healthy", quick("c")));

		CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(this.started).filteredOn((name) -> name.startsWith("hung")).containsExactly("hung-0", "hung-1");
		assertThat(queue.waitingCount()).as("the hung provider's others wait for its share").isEqualTo(3);

		this.hang.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> queue.waitingCount() == 0 && this.started.size() == 8);
		assertThat(this.started).filteredOn((name) -> name.startsWith("hung"))
			.as("in the order submitted")
			.containsExactly("hung-0", "hung-1", "hung-2", "hung-3", "hung-4");
	}

	@Test
	void aScheduledRotationIsQueuedOncePerVolumeWhileOnDemandOnesAlwaysRun() {
		RotationQueue queue = new RotationQueue(this.workers, 4, 4);
		CompletableFuture<Optional<RotationEvent>> first = queue.submitScheduled(Path.of("/v"), "p", hanging("first"));
		CompletableFuture<Optional<RotationEvent>> again = queue.submitScheduled(Path.of("/v"), "p", quick("again"));
		CompletableFuture<Optional<RotationEvent>> asked = queue.submit(Path.of("/v"), "p", quick("asked"));

		assertThat(again).as("left to the first").isCompletedWithValue(Optional.empty());
		asked.orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(first).isNotDone();
		this.hang.countDown();
		first.orTimeout(10, TimeUnit.SECONDS).join();
		queue.submitScheduled(Path.of("/v"), "p", quick("after")).orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(this.started).containsExactly("first", "asked", "after");
	}

	@Test
	void aRotationThatThrowsFreesItsWorkerAndReportsNothing() {
		RotationQueue queue = new RotationQueue(this.workers, 1, 1);
		CompletableFuture<Optional<RotationEvent>> failed = queue.submit(Path.of("/v"), "p", () -> {
			throw new IllegalStateException("bug");
		});
		CompletableFuture<Optional<RotationEvent>> next = queue.submit(Path.of("/w"), "p", quick("next"));

		assertThat(failed.orTimeout(10, TimeUnit.SECONDS).join()).isEmpty();
		next.orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(this.started).containsExactly("next");
	}

	@Test
	void aStoppedDriverCompletesWhatItCannotStart() {
		this.workers.shutdown();
		RotationQueue queue = new RotationQueue(this.workers, 2, 2);
		assertThat(queue.submit(Path.of("/v"), "p", quick("never"))).isCompletedWithValue(Optional.empty());
		assertThat(queue.submit(Path.of("/w"), "p", quick("never either"))).isCompletedWithValue(Optional.empty());
		assertThat(this.started).isEmpty();
	}

	private Supplier<Optional<RotationEvent>> quick(String name) {
		return () -> {
			this.started.add(name);
			return Optional.empty();
		};
	}

	private Supplier<Optional<RotationEvent>> hanging(String name) {
		return () -> {
			this.started.add(name);
			try {
				this.hang.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return Optional.empty();
		};
	}

}
