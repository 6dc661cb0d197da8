package dev.secretsstore.driver.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.secretsstore.driver.restart.RestartScheduler;

/**
 * A restart scheduler a test drives with its {@link MutableClock}: tasks run on the
 * test's thread, when the test moves the clock past their time, so "after the quiet
 * period" needs no waiting.
 */
public final class ManualScheduler implements RestartScheduler {

	private final MutableClock clock;

	private final List<Task> tasks = new ArrayList<>();

	private long scheduled;

	public ManualScheduler(MutableClock clock) {
		this.clock = clock;
	}

	@Override
	public synchronized void schedule(Runnable task, Duration delay) {
		this.tasks.add(new Task(this.clock.instant().plus(delay), this.scheduled++, task));
	}

	/**
	 * Moves the clock by {@code duration} and runs what is due by then.
	 */
	public void advance(Duration duration) {
		this.clock.advance(duration);
		runDue();
	}

	/**
	 * Runs every task due now, in the order of their times, those they schedule for now
	 * included.
	 * @return how many ran
	 */
	public int runDue() {
		int ran = 0;
		for (Optional<Task> next = takeDue(); next.isPresent(); next = takeDue()) {
			next.get().run().run();
			ran++;
		}
		return ran;
	}

	/**
	 * How many tasks wait.
	 */
	public synchronized int waiting() {
		return this.tasks.size();
	}

	private synchronized Optional<Task> takeDue() {
		Instant now = this.clock.instant();
		Optional<Task> due = this.tasks.stream()
			.filter((task) -> !task.due().isAfter(now))
			.min(Comparator.comparing(Task::due).thenComparingLong(Task::sequence));
		due.ifPresent(this.tasks::remove);
		return due;
	}

	private record Task(Instant due, long sequence, Runnable run) {

	}

}
