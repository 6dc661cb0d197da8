package dev.secretsstore.driver.rotation;

/**
 * Told of every rotation outcome: the event log, metrics and (in cluster mode) Kubernetes
 * events listen.
 */
@FunctionalInterface
public interface RotationListener {

	void onRotation(RotationEvent event);

}
