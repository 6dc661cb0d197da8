package dev.secretsstore.provider;

import java.util.Objects;

/**
 * The version of one object a provider mounted. The driver records it
 * (SecretProviderClassPodStatus {@code status.objects}), sends it back on the next mount,
 * and treats a changed version as a rotation.
 *
 * @param id unique within one mount, such as {@code secret/db-password}
 * @param version the object's version in its store, or a content hash where the store has
 * none
 */
public record ObjectVersion(String id, String version) {

	public ObjectVersion {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(version, "version");
	}

}
