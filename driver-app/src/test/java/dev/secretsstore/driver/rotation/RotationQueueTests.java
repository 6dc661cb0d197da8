package dev.secretsstore.driver.rotation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.secretsstore.driver.provider.BudgetProperties;
import dev.secretsstore.driver.provider.StoreBudgets;
import dev.secretsstore.driver.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rotation queue on real threads: workers shared out among providers, order, and one
 * scheduled rotation per volume at a time.
 */
class RotationQueueTests {

	private final ExecutorService workers = Executors.newFixedThreadPool(4);

	private final ScheduledExecutorService wakeUps = Executors.newSingleThreadScheduledExecutor();

	private final MutableClock clock = new MutableClock();

	/** No limit but for the provider {@code budgeted}: 1 request a second, 2 at once. */
	private final StoreBudgets budgets = new StoreBudgets(
			new BudgetProperties(true, 0, 1, Map.of("budgeted", new BudgetProperties.Limit(1.0, 2.0))), this.clock,
			new SimpleMeterRegistry());

	private final CountDownLatch hang = new CountDownLatch(1);

	private final List<String> started = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.hang.countDown();
		this.workers.shutdownNow();
		this.wakeUps.shutdownNow();
	}

	@Test
	void aProviderNeverHoldsMoreThanItsShareAndOthersTakeTheRest() {
		RotationQueue queue = queue(4, 2);
		for (int i = 0; i < 5; i++) {
			queue.submit(Path.of("/hung/" + i), store("hung"), hanging("hung-" + i));
		}
		List<CompletableFuture<RotationDecision>> others = List.of(
				queue.submit(Path.of("/a"), store("healthy"), quick("a")),
				queue.submit(Path.of("/b"), store("healthy"), quick("b")),
				queue.submit(Path.of("/c"), store("healthy"), quick("c")));

		CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.SECONDS).join();
		// two workers run them, in either order
		assertThat(this.started).filteredOn((name) -> name.startsWith("hung"))
			.containsExactlyInAnyOrder("hung-0", "hung-1");
		assertThat(queue.waitingCount()).as("the hung provider's others wait for its share").isEqualTo(3);

		this.hang.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> queue.waitingCount() == 0 && this.started.size() == 8);
		assertThat(this.started).filteredOn((name) -> name.startsWith("hung"))
			.containsExactlyInAnyOrder("hung-0", "hung-1", "hung-2", "hung-3", "hung-4");
	}

	@Test
	void oneStoresRotationsStartInTheOrderTheyWereSubmitted() {
		RotationQueue queue = queue(1, 1);
		queue.submit(Path.of("/first"), store("p"), hanging("first"));
		List<CompletableFuture<RotationDecision>> queued = List.of(queue.submit(Path.of("/a"), store("p"), quick("a")),
				queue.submit(Path.of("/b"), store("p"), quick("b")),
				queue.submit(Path.of("/c"), store("p"), quick("c")));
		this.hang.countDown();
		CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(this.started).containsExactly("first", "a", "b", "c");
	}

	@Test
	void aScheduledRotationIsQueuedOncePerVolumeWhileOnDemandOnesAlwaysRun() {
		RotationQueue queue = queue(4, 4);
		CompletableFuture<RotationDecision> first = queue.submitScheduled(Path.of("/v"), store("p"), hanging("first"));
		CompletableFuture<RotationDecision> again = queue.submitScheduled(Path.of("/v"), store("p"), quick("again"));
		CompletableFuture<RotationDecision> asked = queue.submit(Path.of("/v"), store("p"), quick("asked"));

		assertThat(again).as("left to the first").isCompletedWithValue(RotationDecision.NONE);
		asked.orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(first).isNotDone();
		this.hang.countDown();
		first.orTimeout(10, TimeUnit.SECONDS).join();
		queue.submitScheduled(Path.of("/v"), store("p"), quick("after")).orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(this.started).as("asked ran beside the first; after waited for it")
			.satisfiesExactlyInAnyOrder((name) -> assertThat(name).isEqualTo("first"),
					(name) -> assertThat(name).isEqualTo("asked"), (name) -> assertThat(name).isEqualTo("after"))
			.last()
			.isEqualTo("after");
	}

	@Test
	void aRotationThatThrowsFreesItsWorkerAndReportsNothing() {
		RotationQueue queue = queue(1, 1);
		CompletableFuture<RotationDecision> failed = queue.submit(Path.of("/v"), store("p"), () -> {
			throw new IllegalStateException("bug");
		});
		CompletableFuture<RotationDecision> next = queue.submit(Path.of("/w"), store("p"), quick("next"));

		assertThat(failed.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(RotationDecision.NONE);
		next.orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(this.started).containsExactly("next");
	}

	@Test
	void aStoppedDriverCompletesWhatItCannotStart() {
		this.workers.shutdown();
		RotationQueue queue = queue(2, 2);
		assertThat(queue.submit(Path.of("/v"), store("p"), quick("never"))).isCompletedWithValue(RotationDecision.NONE);
		assertThat(queue.submit(Path.of("/w"), store("p"), quick("never either")))
			.isCompletedWithValue(RotationDecision.NONE);
		assertThat(this.started).isEmpty();
	}

	@Test
	void aSpentBudgetHoldsItsStoresRotationsInOrderWhileOtherStoresGoOn() {
		RotationQueue queue = queue(4, 4);
		StoreBudgets.Store vault = new StoreBudgets.Store("budgeted", "https://vault-a:8200");
		this.budgets.spend(vault, 5);

		List<CompletableFuture<RotationDecision>> held = List.of(queue.submit(Path.of("/a"), vault, quick("a")),
				queue.submit(Path.of("/b"), vault, quick("b")));
		queue.submit(Path.of("/c"), new StoreBudgets.Store("budgeted", "https://vault-b:8200"), quick("c"))
			.orTimeout(10, TimeUnit.SECONDS)
			.join();

		assertThat(this.started).as("the other store's budget is its own").containsExactly("c");
		assertThat(queue.waitingCount()).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(3));
		assertThat(queue.waitingCount()).as("no busy loop: nothing starts before the queue wakes").isEqualTo(2);
		CompletableFuture.allOf(held.toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(this.started).as("woken once the debt is paid").hasSize(3).first().isEqualTo("c");
		assertThat(this.started).containsExactlyInAnyOrder("c", "a", "b");
	}

	private RotationQueue queue(int parallelism, int share) {
		return new RotationQueue(this.workers, parallelism, share, this.budgets,
				new ConcurrentTaskScheduler(this.wakeUps));
	}

	private static StoreBudgets.Store store(String provider) {
		return new StoreBudgets.Store(provider, "");
	}

	private Supplier<RotationDecision> quick(String name) {
		return () -> {
			this.started.add(name);
			return RotationDecision.NONE;
		};
	}

	private Supplier<RotationDecision> hanging(String name) {
		return () -> {
			this.started.add(name);
			try {
				this.hang.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return RotationDecision.NONE;
		};
	}

}
