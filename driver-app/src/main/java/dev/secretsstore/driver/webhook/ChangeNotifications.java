package dev.secretsstore.driver.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.secretsstore.provider.StoreChange;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a store's change notification in the store's own format into the objects that
 * changed: names only, never a value. Events of a kind the webhook does not act on are
 * read and ignored, not refused, as the stores' docs ask of a subscriber.
 * <ul>
 * <li>AWS EventBridge, as an API destination delivers it: Secrets Manager's CloudTrail
 * events ({@code PutSecretValue}, {@code UpdateSecret}, {@code RotateSecret},
 * {@code UpdateSecretVersionStage}, and the service event {@code RotationSucceeded})
 * naming the secret by ARN, and Parameter Store's {@code Parameter Store Change} events
 * ({@code Create}, {@code Update}); the store is the region.</li>
 * <li>Azure Event Grid (its event schema, a JSON array):
 * {@code Microsoft.KeyVault.SecretNewVersionCreated},
 * {@code CertificateNewVersionCreated} and {@code KeyNewVersionCreated}; the store is the
 * vault; and the subscription validation handshake.</li>
 * <li>A plain form for every other store, Vault included: {@code {"provider", "store",
 * "object"}}, or several under {@code "changes"}.</li>
 * </ul>
 */
final class ChangeNotifications {

	static final String VALIDATION_EVENT = "Microsoft.EventGrid.SubscriptionValidationEvent";

	private static final Set<String> SECRETS_MANAGER_CHANGES = Set.of("PutSecretValue", "UpdateSecret", "RotateSecret",
			"UpdateSecretVersionStage", "RotationSucceeded");

	private static final Set<String> PARAMETER_CHANGES = Set.of("Create", "Update");

	private static final Set<String> KEY_VAULT_CHANGES = Set.of("Microsoft.KeyVault.SecretNewVersionCreated",
			"Microsoft.KeyVault.CertificateNewVersionCreated", "Microsoft.KeyVault.KeyNewVersionCreated");

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * The notification in {@code body}.
	 * @throws MalformedNotificationException when it is not JSON, or not a notification
	 * in any of the formats
	 */
	Notification read(byte[] body) {
		JsonNode root;
		try {
			root = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new MalformedNotificationException("the body is not JSON");
		}
		if (root == null || root.isMissingNode()) {
			throw new MalformedNotificationException("the body is empty");
		}
		if (root.isArray()) {
			return eventGrid(root);
		}
		if (!root.isObject()) {
			throw new MalformedNotificationException("the body is neither a JSON object nor an array");
		}
		if (root.has("detail-type") && root.has("detail")) {
			return eventBridge(root);
		}
		if (root.has("object") || root.has("changes")) {
			return plain(root);
		}
		throw new MalformedNotificationException("the body is not an EventBridge event, an Event Grid array of events "
				+ "or the plain form {\"provider\", \"store\", \"object\"}");
	}

	private static Notification eventBridge(JsonNode event) {
		JsonNode detail = event.path("detail");
		String region = text(detail, "awsRegion", text(event, "region", ""));
		String source = text(event, "source", "");
		List<StoreChange> changes = new ArrayList<>();
		if (source.equals("aws.secretsmanager") && SECRETS_MANAGER_CHANGES.contains(text(detail, "eventName", ""))) {
			// some Secrets Manager events spell the key aRN (their docs say to match
			// both)
			String secret = first(detail.path("responseElements").path("arn"),
					detail.path("responseElements").path("aRN"), detail.path("requestParameters").path("secretId"),
					detail.path("additionalEventData").path("SecretId"));
			if (secret.isEmpty()) {
				throw new MalformedNotificationException("the Secrets Manager event names no secret");
			}
			changes.add(new StoreChange("aws", region, secret));
		}
		else if (source.equals("aws.ssm") && PARAMETER_CHANGES.contains(text(detail, "operation", ""))) {
			String parameter = text(detail, "name", "");
			if (parameter.isEmpty()) {
				throw new MalformedNotificationException("the Parameter Store event names no parameter");
			}
			changes.add(new StoreChange("aws", region, parameter));
		}
		return new Notification.Changes("eventbridge", changes);
	}

	private static Notification eventGrid(JsonNode events) {
		List<StoreChange> changes = new ArrayList<>();
		for (JsonNode event : events.values()) {
			String type = text(event, "eventType", "");
			JsonNode data = event.path("data");
			if (type.equals(VALIDATION_EVENT)) {
				String code = text(data, "validationCode", "");
				if (code.isEmpty()) {
					throw new MalformedNotificationException("the subscription validation event has no validationCode");
				}
				return new Notification.Validation(code);
			}
			if (KEY_VAULT_CHANGES.contains(type)) {
				// the Event Grid schema capitalises the data's keys (VaultName,
				// ObjectName), CloudEvents does not
				String vault = first(data.path("VaultName"), data.path("vaultName")).toLowerCase(Locale.ROOT);
				String object = first(data.path("ObjectName"), data.path("objectName"));
				if (object.isEmpty()) {
					throw new MalformedNotificationException("a Key Vault event names no object");
				}
				changes.add(new StoreChange("azure", vault, object));
			}
		}
		return new Notification.Changes("eventgrid", changes);
	}

	private static Notification plain(JsonNode root) {
		List<StoreChange> changes = new ArrayList<>();
		Iterable<JsonNode> items = root.has("changes") ? root.path("changes").values() : List.of(root);
		for (JsonNode item : items) {
			String provider = text(item, "provider", "");
			String object = text(item, "object", "");
			if (provider.isEmpty() || object.isEmpty()) {
				throw new MalformedNotificationException("a change needs a provider and an object");
			}
			changes.add(new StoreChange(provider, text(item, "store", ""), object));
		}
		return new Notification.Changes("plain", changes);
	}

	private static String text(JsonNode node, String field, String otherwise) {
		JsonNode value = node.path(field);
		return value.isString() ? value.stringValue() : otherwise;
	}

	private static String first(JsonNode... candidates) {
		for (JsonNode candidate : candidates) {
			if (candidate.isString() && !candidate.stringValue().isBlank()) {
				return candidate.stringValue();
			}
		}
		return "";
	}

	/**
	 * What a notification asks.
	 */
	sealed interface Notification {

		/**
		 * Event Grid's subscription validation: answered with the code.
		 */
		record Validation(String code) implements Notification {
		}

		/**
		 * Objects that changed (possibly none the webhook acts on).
		 *
		 * @param format {@code eventbridge}, {@code eventgrid} or {@code plain}, for
		 * meters
		 */
		record Changes(String format, List<StoreChange> changes) implements Notification {
		}

	}

	/**
	 * A body the webhook cannot read: answered 400, and nothing rotates.
	 */
	static final class MalformedNotificationException extends RuntimeException {

		MalformedNotificationException(String message) {
			super(message);
		}

	}

}
