package dev.secretsstore.driver.rotation;

/**
 * What started a rotation.
 */
public enum RotationTrigger {

	/** The driver's scheduled pass found the volume due. */
	SCHEDULED,

	/** kubelet republished the volume and it was due. */
	REPUBLISH,

	/** An operator asked through {@code POST /actuator/rotations}. */
	ON_DEMAND,

	/**
	 * The SecretProviderClass annotation
	 * {@code secrets-store.csi.x-k8s.io/rotate-requested-at} changed.
	 */
	REQUESTED,

	/** The store notified the change webhook that an object the volume reads changed. */
	STORE_CHANGE,

	/**
	 * The driver's scheduled pass found the volume due before its interval's time,
	 * because a certificate mounted in it expires soon.
	 */
	CERTIFICATE_EXPIRY;

	/**
	 * Whether it rotates a volume whatever its interval says.
	 */
	boolean ignoresInterval() {
		return this == ON_DEMAND || this == STORE_CHANGE;
	}

	/**
	 * Whether the driver started it on its own, so that the local copy of the
	 * SecretProviderClass (the watch in cluster mode) serves: a store's notification
	 * names an object, not a class, and the webhook has already found the classes that
	 * read it in that copy. kubelet's and an operator's calls see the class as the API
	 * server has it.
	 */
	boolean readsCachedClasses() {
		return this == SCHEDULED || this == STORE_CHANGE;
	}

}
