package dev.secretsstore.provider;

import java.util.Objects;

/**
 * What a provider says about itself in answer to a version query.
 *
 * @param runtimeName the provider's runtime name, such as {@code vault-csi-provider}
 * @param runtimeVersion its version, preferably semantic
 */
public record ProviderVersion(String runtimeName, String runtimeVersion) {

	public ProviderVersion {
		Objects.requireNonNull(runtimeName, "runtimeName");
		Objects.requireNonNull(runtimeVersion, "runtimeVersion");
	}

}
