package dev.secretsstore.driver.rotation;

import java.nio.file.Path;
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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rotations on the workers, at most {@code parallelism} at a time and at most {@code providerShare} for any one
 * provider: a store that hangs holds its share of the workers until its calls time out, and the volumes of every
 * other provider keep rotating on the rest. A rotation starts as soon as a worker and its provider's share allow,
 * not when an earlier pass has ended; those of one provider start in the order they were submitted (a pass submits
 * the stalest first), and providers take turns. Nothing here blocks a thread: submitting only queues.
 */
final class RotationQueue {

	private static final Logger logger = LoggerFactory.getLogger(RotationQueue.class);

	private final Executor workers;

	private final int parallelism;

	private final int providerShare;

	/** Waiting rotations per provider, in submission order; providers in the order they first waited. */
	private final Map<String, Deque<Job>> waiting = new LinkedHashMap<>();

	private final Map<String, Integer> runningByProvider = new HashMap<>();

	/** Scheduled rotations waiting or running, by target path: a later pass does not queue a volume twice. */
	private final Map<Path, Job> scheduled = new HashMap<>();

	/** Providers whose share is full while more of theirs wait: said once until they catch up. */
	private final Set<String> heldBack = new HashSet<>();

	private int running;

	/**
	 * @param workers the threads rotations run on; at least {@code parallelism} of them
	 * @param parallelism how many rotations run at the same time
	 * @param providerShare how many of those one provider may hold (at most {@code parallelism})
	 */
	RotationQueue(Executor workers, int parallelism, int providerShare) {
		this.workers = workers;
		this.parallelism = Math.max(1, parallelism);
		this.providerShare = Math.max(1, Math.min(providerShare, this.parallelism));
	}

	/**
	 * Queues a scheduled rotation of the volume at {@code target}, unless an earlier pass's is still waiting or
	 * running: then the result is empty at once, and the volume is left to that one.
	 */
	synchronized CompletableFuture<Optional<RotationEvent>> submitScheduled(Path target, String provider,
			Supplier<Optional<RotationEvent>> rotation) {
		if (this.scheduled.containsKey(target)) {
			return CompletableFuture.completedFuture(Optional.empty());
		}
		Job job = new Job(target, provider, rotation);
		this.scheduled.put(target, job);
		enqueue(job);
		return job.result;
	}

	/**
	 * Queues a rotation asked for now (on demand), whatever else is queued for the volume.
	 */
	synchronized CompletableFuture<Optional<RotationEvent>> submit(Path target, String provider,
			Supplier<Optional<RotationEvent>> rotation) {
		Job job = new Job(target, provider, rotation);
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
		this.waiting.computeIfAbsent(job.provider, (provider) -> new ArrayDeque<>()).add(job);
		startWhatFits();
	}

	/** Starts waiting rotations while workers are free, one provider after another, each within its share. */
	private void startWhatFits() {
		boolean started = true;
		while (started && this.running < this.parallelism) {
			started = false;
			for (Map.Entry<String, Deque<Job>> entry : this.waiting.entrySet()) {
				if (this.running >= this.parallelism) {
					break;
				}
				String provider = entry.getKey();
				Deque<Job> jobs = entry.getValue();
				if (jobs.isEmpty()) {
					continue;
				}
				if (this.runningByProvider.getOrDefault(provider, 0) >= this.providerShare) {
					sayHeldBack(provider, jobs.size());
					continue;
				}
				start(jobs.poll());
				started = true;
			}
		}
		this.waiting.values().removeIf(Deque::isEmpty);
		this.heldBack.retainAll(this.waiting.keySet());
	}

	private void start(Job job) {
		this.running++;
		this.runningByProvider.merge(job.provider, 1, Integer::sum);
		try {
			this.workers.execute(() -> run(job));
		}
		catch (RejectedExecutionException ex) {
			// the driver is stopping
			finished(job);
			job.result.complete(Optional.empty());
		}
	}

	private void run(Job job) {
		Optional<RotationEvent> event = Optional.empty();
		try {
			event = job.rotation.get();
		}
		catch (RuntimeException ex) {
			logger.error("Rotation failed unexpectedly", ex);
		}
		finally {
			synchronized (this) {
				finished(job);
				startWhatFits();
			}
			job.result.complete(event);
		}
	}

	private void finished(Job job) {
		this.running--;
		this.runningByProvider.merge(job.provider, -1, Integer::sum);
		this.runningByProvider.remove(job.provider, 0);
		this.scheduled.remove(job.target, job);
	}

	private void sayHeldBack(String provider, int waitingJobs) {
		if (this.heldBack.add(provider)) {
			logger.warn("Provider {} holds all {} of its rotation workers (a slow or hung store?); {} more of its "
					+ "volumes wait for them, while other providers' volumes keep rotating", provider,
					this.providerShare, waitingJobs);
		}
	}

	private static final class Job {

		private final Path target;

		private final String provider;

		private final Supplier<Optional<RotationEvent>> rotation;

		private final CompletableFuture<Optional<RotationEvent>> result = new CompletableFuture<>();

		Job(Path target, String provider, Supplier<Optional<RotationEvent>> rotation) {
			this.target = target;
			this.provider = provider;
			this.rotation = rotation;
		}

	}

}
