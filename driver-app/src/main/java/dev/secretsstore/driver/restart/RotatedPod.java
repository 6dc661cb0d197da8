package dev.secretsstore.driver.restart;

/**
 * A pod whose files rotated, as the API server knows it now.
 *
 * @param namespace its namespace
 * @param name its name
 * @param uid its UID
 * @param optIn its {@value RestartOptIn#ANNOTATION} annotation, or null
 * @param controller its controller as the pod names it, or null when it has none
 */
public record RotatedPod(String namespace, String name, String uid, String optIn, Controller controller) {

	/**
	 * A pod's controlling owner.
	 *
	 * @param apiVersion such as {@code apps/v1}
	 * @param kind such as {@code ReplicaSet}
	 * @param name its name, in the pod's namespace
	 */
	public record Controller(String apiVersion, String kind, String name) {
	}

	/**
	 * What a restart of the pod would roll, read only for a pod that asks for one.
	 *
	 * @param workload the top-level controller a restart would roll, or null when there
	 * is none to restart
	 * @param description what controls the pod, in words for the Event that says why
	 * nothing restarts it, such as "no controller" or "the Job batch-7"
	 */
	public record Owner(Workload workload, String description) {

		/**
		 * Whether the pod belongs to a workload a restart can roll.
		 */
		public boolean restartable() {
			return this.workload != null;
		}

	}

}
