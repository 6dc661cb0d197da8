package dev.secretsstore.driver.kubernetes;

/**
 * Cluster mode cannot start: no Kubernetes API is reachable from here, or this node's
 * name is missing.
 */
public class ClusterModeUnavailableException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	public ClusterModeUnavailableException(String message) {
		super(message);
	}

}
