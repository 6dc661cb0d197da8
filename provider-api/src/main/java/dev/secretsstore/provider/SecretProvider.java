package dev.secretsstore.provider;

import java.util.Map;
import java.util.Optional;

/**
 * A source of secrets for one provider name, such as {@code azure} or {@code vault}. The
 * driver calls {@link #mount} for a first mount and again for every rotation;
 * implementations must be thread-safe and must not write to the target folder themselves:
 * they return the files and the driver writes them atomically.
 */
public interface SecretProvider {

	/**
	 * The provider name a SecretProviderClass selects with {@code spec.provider}; matches
	 * {@link ProviderNames#PATTERN}.
	 */
	String name();

	/**
	 * Fetches the secrets one volume asks for.
	 * @param request the SecretProviderClass parameters, volume context and credentials
	 * of one volume
	 * @return the files to mount and one version per object
	 * @throws ProviderException when the secrets cannot be fetched; the driver keeps what
	 * is mounted
	 */
	MountResponse mount(MountRequest request) throws ProviderException;

	/**
	 * Whether two requests that differ only in the pod (its name, UID and target path)
	 * and in its service-account tokens, with everything else equal (parameters,
	 * namespace, service account name, kubelet's secrets), always get the same answer, so
	 * the driver may fetch once for many pods in one rotation pass. True for a provider
	 * that authenticates as the pod's service account and does not look at the pod
	 * itself; false (the default) when unsure. A provider that shares may still mark one
	 * answer {@linkplain MountResponse#perPod() per pod}, such as a dynamic credential it
	 * could only tell apart after reading it: the driver then lets every other pod ask
	 * for its own.
	 */
	default boolean sharesResponsesAcrossPods() {
		return false;
	}

	/**
	 * The store a volume with these SecretProviderClass parameters reads from, such as a
	 * Vault address, an AWS region or a Key Vault name: the driver keeps one request
	 * budget per provider and store, so that one busy store does not hold back the
	 * others. Never a secret; the same value for requests that go to the same store. The
	 * default, an empty string, is one budget for the whole provider.
	 * @param parameters the SecretProviderClass's {@code spec.parameters}
	 */
	default String store(Map<String, String> parameters) {
		return "";
	}

	/**
	 * Whether a volume with these SecretProviderClass parameters reads the object a
	 * store's change notification names, so the driver rotates it at once instead of at
	 * its next interval. The default: the change is for this store (or names none) and
	 * the object's name appears in a parameter ({@link StoreChange#appearsIn}); a
	 * provider that knows its parameters better (an ARN for a name, say) says so.
	 * @param parameters the SecretProviderClass's {@code spec.parameters}
	 */
	default boolean reads(Map<String, String> parameters, StoreChange change) {
		return (change.store().isEmpty() || change.store().equals(store(parameters))) && change.appearsIn(parameters);
	}

	/**
	 * Where the provider runs outside the driver, such as a plugin's socket; empty (the
	 * default) for a provider in the driver's process. A remote provider bounds each call
	 * with the deadline it was configured with, so the driver adds none of its own, and
	 * {@link #checkVersion()} asks it over the wire.
	 */
	default Optional<String> remoteEndpoint() {
		return Optional.empty();
	}

	/**
	 * Asks the provider for its version now, for health checks: a remote provider answers
	 * over the wire, so a failure says it is unreachable. The default is
	 * {@link #version()}.
	 * @throws ProviderException when the provider cannot be asked
	 */
	default ProviderVersion checkVersion() throws ProviderException {
		return version();
	}

	/**
	 * The runtime version reported to health checks and through the plugin protocol's
	 * {@code Version} call.
	 */
	default ProviderVersion version() {
		return new ProviderVersion(name(), "unknown");
	}

}
