package dev.secretsstore.driver.restart;

/**
 * A pod whose files rotated, as the API server knows it now.
 *
 * @param namespace its namespace
 * @param name its name
 * @param uid its UID
 * @param optIn its {@value RestartOptIn#ANNOTATION} annotation, or null
 * @param workload the top-level controller a restart would roll, or null when there is
 * none to restart
 * @param owner what controls the pod, in words for the Event that says why nothing
 * restarts it, such as "no controller" or "the Job batch-7"
 */
public record RotatedPod(String namespace, String name, String uid, String optIn, Workload workload, String owner) {

	/**
	 * Whether the pod belongs to a workload a restart can roll.
	 */
	public boolean restartable() {
		return this.workload != null;
	}

}
