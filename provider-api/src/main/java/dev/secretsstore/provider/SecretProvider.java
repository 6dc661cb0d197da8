package dev.secretsstore.provider;

/**
 * A source of secrets for one provider name, such as {@code azure} or {@code vault}. The driver calls {@link #mount}
 * for a first mount and again for every rotation; implementations must be thread-safe and must not write to the
 * target folder themselves: they return the files and the driver writes them atomically.
 */
public interface SecretProvider {

	/**
	 * The provider name a SecretProviderClass selects with {@code spec.provider}; matches
	 * {@link ProviderNames#PATTERN}.
	 */
	String name();

	/**
	 * Fetches the secrets one volume asks for.
	 * @param request the SecretProviderClass parameters, volume context and credentials of one volume
	 * @return the files to mount and one version per object
	 * @throws ProviderException when the secrets cannot be fetched; the driver keeps what is mounted
	 */
	MountResponse mount(MountRequest request) throws ProviderException;

	/**
	 * The runtime version reported to health checks and through the plugin protocol's {@code Version} call.
	 */
	default ProviderVersion version() {
		return new ProviderVersion(name(), "unknown");
	}

}
