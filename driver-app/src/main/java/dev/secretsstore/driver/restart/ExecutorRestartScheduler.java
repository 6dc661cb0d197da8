package dev.secretsstore.driver.restart;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The restart scheduler of a running driver: one thread, so the coordinator's tasks never
 * overlap. Restarts are rare and each task makes a few API requests, so one thread keeps
 * up.
 */
final class ExecutorRestartScheduler implements RestartScheduler, AutoCloseable {

	private final ScheduledExecutorService executor;

	ExecutorRestartScheduler() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("workload-restart-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
		executor.setRemoveOnCancelPolicy(true);
		this.executor = executor;
	}

	@Override
	public void schedule(Runnable task, Duration delay) {
		try {
			this.executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the driver is stopping: pending restarts are dropped, and the next rotation
			// after a start asks again
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
