package dev.secretsstore.driver.kubernetes.events;

/**
 * The two types core/v1 Events may have.
 */
public enum EventType {

	/** Nothing to worry about. */
	NORMAL("Normal"),

	/** Something the pod's owner may need to look at. */
	WARNING("Warning");

	private final String value;

	EventType(String value) {
		this.value = value;
	}

	/**
	 * The value of the Event's {@code type} field.
	 */
	public String value() {
		return this.value;
	}

}
