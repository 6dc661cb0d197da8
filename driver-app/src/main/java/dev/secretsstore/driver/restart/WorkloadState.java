package dev.secretsstore.driver.restart;

import java.util.Map;

/**
 * A workload as one read of the API server found it.
 *
 * @param uid its UID, for Events
 * @param resourceVersion the version read, the precondition of the patch that follows
 * @param templateAnnotations the annotations of its pod template
 * @param progress why its previous rollout is still progressing, or null when it is
 * complete
 */
public record WorkloadState(String uid, String resourceVersion, Map<String, String> templateAnnotations,
		String progress) {

	public WorkloadState {
		templateAnnotations = (templateAnnotations != null) ? Map.copyOf(templateAnnotations) : Map.of();
	}

	/**
	 * Whether its previous rollout is still under way.
	 */
	public boolean progressing() {
		return this.progress != null;
	}

}
