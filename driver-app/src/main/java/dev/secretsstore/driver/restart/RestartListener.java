package dev.secretsstore.driver.restart;

/**
 * Told of each restart decision: Events in cluster mode and the log behind
 * {@code GET /actuator/rotations} listen.
 */
@FunctionalInterface
public interface RestartListener {

	void onRestart(RestartOutcome outcome);

}
