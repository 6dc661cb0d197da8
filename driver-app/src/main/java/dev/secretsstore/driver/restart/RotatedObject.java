package dev.secretsstore.driver.restart;

import java.util.Comparator;

/**
 * One object a rotation changed, as far as a restart cares: which class, which object,
 * which version it has now (empty when it was removed).
 */
public record RotatedObject(String secretProviderClass, String id,
		String newVersion) implements Comparable<RotatedObject> {

	private static final Comparator<RotatedObject> ORDER = Comparator.comparing(RotatedObject::secretProviderClass)
		.thenComparing(RotatedObject::id)
		.thenComparing(RotatedObject::newVersion);

	public RotatedObject {
		newVersion = (newVersion != null) ? newVersion : "";
	}

	@Override
	public int compareTo(RotatedObject other) {
		return ORDER.compare(this, other);
	}

}
