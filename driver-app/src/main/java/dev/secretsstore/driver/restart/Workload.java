package dev.secretsstore.driver.restart;

/**
 * A workload the driver may restart: a Deployment, StatefulSet or DaemonSet (group apps,
 * version v1).
 *
 * @param kind its kind
 * @param namespace its namespace
 * @param name its name
 */
public record Workload(Kind kind, String namespace, String name) {

	@Override
	public String toString() {
		return this.kind.value() + " " + this.namespace + "/" + this.name;
	}

	/**
	 * The kinds a restart can roll: those whose pod template a patch changes.
	 */
	public enum Kind {

		DEPLOYMENT("Deployment"), STATEFUL_SET("StatefulSet"), DAEMON_SET("DaemonSet");

		private final String value;

		Kind(String value) {
			this.value = value;
		}

		/**
		 * The kind as the API names it.
		 */
		public String value() {
			return this.value;
		}

	}

}
