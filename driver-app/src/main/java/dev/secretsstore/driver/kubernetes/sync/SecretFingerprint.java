package dev.secretsstore.driver.kubernetes.sync;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.kubernetes.client.openapi.models.V1Secret;

/**
 * What decides whether a Secret still holds what the driver wrote: its type, labels,
 * annotations and a SHA-256 of its data. Small, so that the watch over every managed
 * Secret in the cluster keeps no secret bytes around.
 *
 * @param type the Secret's type
 * @param labels its labels
 * @param annotations its annotations
 * @param dataSha the SHA-256 of its data, as {@link DesiredSecret#dataSha(Map)} computes
 * it
 */
record SecretFingerprint(String type, Map<String, String> labels, Map<String, String> annotations, String dataSha) {

	SecretFingerprint {
		labels = (labels != null) ? Map.copyOf(labels) : Map.of();
		annotations = (annotations != null) ? Map.copyOf(annotations) : Map.of();
	}

	static SecretFingerprint of(V1Secret secret) {
		SortedMap<String, byte[]> data = new TreeMap<>((secret.getData() != null) ? secret.getData() : Map.of());
		String type = (secret.getType() != null) ? secret.getType() : "Opaque";
		return new SecretFingerprint(type, secret.getMetadata().getLabels(), secret.getMetadata().getAnnotations(),
				DesiredSecret.dataSha(data));
	}

	/**
	 * Whether this Secret holds everything {@code written} says: same type and data, and
	 * at least its labels and annotations (others may add their own).
	 */
	boolean holds(SecretFingerprint written) {
		return this.type.equals(written.type()) && this.dataSha.equals(written.dataSha())
				&& this.labels.entrySet().containsAll(written.labels().entrySet())
				&& this.annotations.entrySet().containsAll(written.annotations().entrySet());
	}

	@Override
	public String toString() {
		return "SecretFingerprint[type=" + this.type + ", labels=" + this.labels.keySet() + "]";
	}

}
