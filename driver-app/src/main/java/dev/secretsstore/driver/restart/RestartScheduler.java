package dev.secretsstore.driver.restart;

import java.time.Duration;

/**
 * Runs the restart coordinator's tasks later, one at a time: the coordinator's state is
 * touched by these tasks only, so it needs no locks. Tests drive one by hand with their
 * clock.
 */
@FunctionalInterface
public interface RestartScheduler {

	/**
	 * Runs {@code task} after {@code delay} (zero: as soon as the tasks before it have
	 * run). May be called from any thread.
	 */
	void schedule(Runnable task, Duration delay);

}
