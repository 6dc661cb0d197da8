package dev.secretsstore.driver.reload;

/**
 * Told of each reload hook's outcome: Kubernetes Events in cluster mode listen.
 */
@FunctionalInterface
public interface ReloadListener {

	void onReload(ReloadOutcome outcome);

}
