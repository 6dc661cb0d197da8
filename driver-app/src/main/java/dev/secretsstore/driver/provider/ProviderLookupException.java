package dev.secretsstore.driver.provider;

/**
 * No provider of the requested name can be used: the name is invalid, or no bean or
 * socket has it.
 */
public class ProviderLookupException extends Exception {

	private final boolean invalidName;

	ProviderLookupException(String message, boolean invalidName) {
		super(message);
		this.invalidName = invalidName;
	}

	/**
	 * Whether the name itself is invalid (rather than the provider not installed).
	 */
	public boolean isInvalidName() {
		return this.invalidName;
	}

}
