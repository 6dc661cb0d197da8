package dev.secretsstore.provider;

import java.util.Map;
import java.util.Objects;

/**
 * A store's notification that one of its objects changed, as the driver's change webhook
 * reads it from the store's own event format: which provider's store, which store (as
 * {@link SecretProvider#store} names them; empty when the notification does not say), and
 * the object, such as a Secrets Manager ARN or name, a Key Vault secret name or a Vault
 * path. Names only: a notification never carries a value.
 *
 * @param provider the provider whose store it is
 * @param store the store, or empty for any of the provider's stores
 * @param object the object that changed, never empty
 */
public record StoreChange(String provider, String store, String object) {

	public StoreChange {
		Objects.requireNonNull(provider, "provider");
		store = (store != null) ? store : "";
		if (object == null || object.isBlank()) {
			throw new IllegalArgumentException("a store change names an object");
		}
	}

	/**
	 * Whether the object's name appears in one of {@code parameters}' values: what the
	 * driver assumes for a provider that cannot say better, such as a remote plugin whose
	 * {@code objects} parameter lists the names it reads. A false match costs one
	 * rotation; a missed one leaves the volume to its interval.
	 */
	public boolean appearsIn(Map<String, String> parameters) {
		return parameters.values().stream().anyMatch((value) -> value != null && value.contains(this.object));
	}

}
