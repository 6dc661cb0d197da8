package dev.secretsstore.driver.rotation;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import dev.secretsstore.driver.provider.StoreBudgets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;

/**
 * Runs rotations on the workers, at most {@code parallelism} at a time and at most
 * {@code providerShare} for any one provider: a store that hangs holds its share of the
 * workers until its calls time out, and the volumes of every other provider keep rotating
 * on the rest. A rotation also waits while the request budget of its store is spent
 * ({@link StoreBudgets}), and the queue wakes itself when it will be paid again. A
 * rotation starts as soon as a worker, its provider's share and its store's budget allow,
 * not when an earlier pass has ended; those of one store start in the order they were
 * submitted (a pass submits the stalest first), and stores take turns. Nothing here
 * blocks a thread: submitting only queues. Each rotation completes with the reconciler's
 * {@link RotationDecision}, or {@link RotationDecision#NONE} when it did not run.
 */
final class RotationQueue {

	private static final Logger logger = LoggerFactory.getLogger(RotationQueue.class);

	private final Executor workers;

	private final int parallelism;

	private final int providerShare;

	private final StoreBudgets budgets;

	private final TaskScheduler scheduler;

	/**
	 * Waiting rotations per store, in submission order; stores in the order they first
	 * waited.
	 */
	private final Map<StoreBudgets.Store, Deque<Job>> waiting = new LinkedHashMap<>();

	/** When the queue has asked to be woken for a budget, if it has. */
	private @Nullable Instant wakeUp;

	private final Map<String, Integer> runningByProvider = new HashMap<>();

	/**
	 * Scheduled rotations waiting or running, by target path: a later pass does not queue
	 * a volume twice.
	 */
	private final Map<Path, Job> scheduled = new HashMap<>();

	/**
	 * Providers whose share is full while more of theirs wait: said once until they catch
	 * up.
	 */
	private final Set<String> heldBack = new HashSet<>();

	private int running;

	/**
	 * @param workers the threads rotations run on; at least {@code parallelism} of them
	 * @param parallelism how many rotations run at the same time
	 * @param providerShare how many of those one provider may hold (at most
	 * {@code parallelism})
	 * @param budgets the stores' request budgets
	 * @param scheduler wakes the queue when a spent budget is paid again
	 */
	RotationQueue(Executor workers, int parallelism, int providerShare, StoreBudgets budgets, TaskScheduler scheduler) {
		this.workers = workers;
		this.parallelism = Math.max(1, parallelism);
		this.providerShare = Math.max(1, Math.min(providerShare, this.parallelism));
		this.budgets = budgets;
		this.scheduler = scheduler;
	}

	/**
	 * Queues a scheduled rotation of the volume at {@code target}, unless an earlier
	 * pass's is still waiting or running: then the result is
	 * {@link RotationDecision#NONE} at once, and the volume is left to that one.
	 */
	synchronized CompletableFuture<RotationDecision> submitScheduled(Path target, StoreBudgets.Store store,
			Supplier<RotationDecision> rotation) {
		if (this.scheduled.containsKey(target)) {
			return CompletableFuture.completedFuture(RotationDecision.NONE);
		}
		Job job = new Job(target, store, rotation);
		this.scheduled.put(target, job);
		enqueue(job);
		return job.result;
	}

	/**
	 * Queues a rotation asked for now (on demand), whatever else is queued for the
	 * volume.
	 */
	synchronized CompletableFuture<RotationDecision> submit(Path target, StoreBudgets.Store store,
			Supplier<RotationDecision> rotation) {
		Job job = new Job(target, store, rotation);
		enqueue(job);
		return job.result;
	}

	/**
	 * How many rotations wait for a worker, for health and tests.
	 */
	synchronized int waitingCount() {
		return this.waiting.values().stream().mapToInt(Deque::size).sum();
	}

	private void enqueue(Job job) {
		this.waiting.computeIfAbsent(job.store, (store) -> new ArrayDeque<>()).add(job);
		startWhatFits();
	}

	/**
	 * Starts waiting rotations while workers are free, one store after another, each
	 * within its provider's share and its store's budget; asks to be woken when a spent
	 * budget is paid again.
	 */
	private void startWhatFits() {
		Duration soonestBudget = null;
		boolean started = true;
		while (started && this.running < this.parallelism) {
			started = false;
			for (Map.Entry<StoreBudgets.Store, Deque<Job>> entry : this.waiting.entrySet()) {
				if (this.running >= this.parallelism) {
					break;
				}
				StoreBudgets.Store store = entry.getKey();
				Deque<Job> jobs = entry.getValue();
				if (jobs.isEmpty()) {
					continue;
				}
				if (this.runningByProvider.getOrDefault(store.provider(), 0) >= this.providerShare) {
					sayHeldBack(store.provider(), jobs.size());
					continue;
				}
				Duration untilPaid = this.budgets.untilSolvent(store);
				if (!untilPaid.isZero()) {
					jobs.forEach(Job::waitingSince);
					soonestBudget = (soonestBudget == null || untilPaid.compareTo(soonestBudget) < 0) ? untilPaid
							: soonestBudget;
					continue;
				}
				start(jobs.poll());
				started = true;
			}
		}
		this.waiting.forEach((store, jobs) -> this.budgets.waiting(store, jobs.size()));
		this.waiting.values().removeIf(Deque::isEmpty);
		this.heldBack.retainAll(this.waiting.keySet().stream().map(StoreBudgets.Store::provider).toList());
		if (soonestBudget != null) {
			wakeUpIn(soonestBudget);
		}
	}

	/**
	 * Asks to run {@link #startWhatFits()} again once {@code delay} has passed, unless
	 * asked already for sooner.
	 */
	private void wakeUpIn(Duration delay) {
		Instant at = Instant.now().plus(delay);
		if (this.wakeUp != null && !this.wakeUp.isAfter(at)) {
			return;
		}
		this.wakeUp = at;
		try {
			this.scheduler.schedule(() -> {
				synchronized (this) {
					if (at.equals(this.wakeUp)) {
						this.wakeUp = null;
					}
					startWhatFits();
				}
			}, at);
		}
		catch (TaskRejectedException ex) {
			// the driver is stopping: what waits for a budget is dropped with it
			this.wakeUp = null;
		}
	}

	private void start(Job job) {
		job.budgetWait().ifPresent((waited) -> this.budgets.waited(job.store, waited));
		this.running++;
		this.runningByProvider.merge(job.store.provider(), 1, Integer::sum);
		try {
			this.workers.execute(() -> run(job));
		}
		catch (RejectedExecutionException ex) {
			// the driver is stopping
			finished(job);
			job.result.complete(RotationDecision.NONE);
		}
	}

	private void run(Job job) {
		RotationDecision decision = RotationDecision.NONE;
		try {
			decision = job.rotation.get();
		}
		catch (RuntimeException ex) {
			logger.error("Rotation failed unexpectedly", ex);
		}
		finally {
			synchronized (this) {
				finished(job);
				startWhatFits();
			}
			job.result.complete(decision);
		}
	}

	private void finished(Job job) {
		this.running--;
		this.runningByProvider.merge(job.store.provider(), -1, Integer::sum);
		this.runningByProvider.remove(job.store.provider(), 0);
		this.scheduled.remove(job.target, job);
	}

	private void sayHeldBack(String provider, int waitingJobs) {
		if (this.heldBack.add(provider)) {
			logger.warn(
					"Provider {} holds all {} of its rotation workers (a slow or hung store?); {} more of its "
							+ "volumes wait for them, while other providers' volumes keep rotating",
					provider, this.providerShare, waitingJobs);
		}
	}

	private static final class Job {

		private final Path target;

		private final StoreBudgets.Store store;

		private final Supplier<RotationDecision> rotation;

		private final CompletableFuture<RotationDecision> result = new CompletableFuture<>();

		/**
		 * When it first found its store's budget spent, in {@link System#nanoTime()}; 0
		 * when it never did.
		 */
		private long budgetWaitStarted;

		Job(Path target, StoreBudgets.Store store, Supplier<RotationDecision> rotation) {
			this.target = target;
			this.store = store;
			this.rotation = rotation;
		}

		void waitingSince() {
			if (this.budgetWaitStarted == 0) {
				this.budgetWaitStarted = System.nanoTime();
			}
		}

		Optional<Duration> budgetWait() {
			return (this.budgetWaitStarted == 0) ? Optional.empty()
					: Optional.of(Duration.ofNanos(System.nanoTime() - this.budgetWaitStarted));
		}

	}

}
