package dev.secretsstore.driver.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import dev.secretsstore.driver.webhook.ChangeNotifications.MalformedNotificationException;
import dev.secretsstore.driver.webhook.ChangeNotifications.Notification;
import dev.secretsstore.provider.StoreChange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The stores' notifications, as their docs show them (fixtures in
 * {@code src/test/resources/webhook}), read into the objects that changed.
 */
class ChangeNotificationsTests {

	private final ChangeNotifications notifications = new ChangeNotifications();

	@Test
	void aSecretsManagerValueChangeNamesTheSecretByItsArnInItsRegion() throws IOException {
		assertThat(changes("eventbridge-put-secret-value.json")).containsExactly(new StoreChange("aws", "us-east-1",
				"arn:aws:secretsmanager:us-east-1:111122223333:secret:db-password-a1b2c3"));
	}

	@Test
	void aRotationThatSucceededNamesTheSecretItRotated() throws IOException {
		assertThat(changes("eventbridge-rotation-succeeded.json")).containsExactly(new StoreChange("aws", "eu-west-1",
				"arn:aws:secretsmanager:eu-west-1:111122223333:secret:api-key-XyZ123"));
	}

	@Test
	void aParameterStoreChangeNamesTheParameter() throws IOException {
		assertThat(changes("eventbridge-parameter-store-change.json"))
			.containsExactly(new StoreChange("aws", "us-east-2", "/app/db-url"));
	}

	@Test
	void eventsThatChangeNoValueAreReadAndIgnored() throws IOException {
		assertThat(changes("eventbridge-describe-secret.json")).isEmpty();
	}

	@Test
	void aKeyVaultNewVersionNamesTheVaultAndTheObjectAndOtherEventTypesAreIgnored() throws IOException {
		assertThat(changes("eventgrid-secret-new-version.json"))
			.containsExactly(new StoreChange("azure", "kv-payments", "db-password"));
	}

	@Test
	void eventGridsSubscriptionValidationIsAnsweredWithItsCode() throws IOException {
		assertThat(this.notifications.read(fixture("eventgrid-subscription-validation.json")))
			.isEqualTo(new Notification.Validation("512d38b6-c7b8-40c8-89fe-f46f9e9622b6"));
	}

	@Test
	void thePlainFormNamesOneChangeOrSeveral() {
		assertThat(read("{\"provider\":\"vault\",\"store\":\"https://vault:8200\",\"object\":\"secret/data/db\"}"))
			.isEqualTo(new Notification.Changes("plain",
					java.util.List.of(new StoreChange("vault", "https://vault:8200", "secret/data/db"))));
		assertThat(((Notification.Changes) read("{\"changes\":[{\"provider\":\"vault\",\"object\":\"secret/data/a\"},"
				+ "{\"provider\":\"gcp\",\"object\":\"projects/p/secrets/b\"}]}"))
			.changes()).extracting(StoreChange::object).containsExactly("secret/data/a", "projects/p/secrets/b");
	}

	@Test
	void whatIsNotANotificationIsRefusedWithTheReason() {
		assertThatExceptionOfType(MalformedNotificationException.class).isThrownBy(() -> read("not json"))
			.withMessage("the body is not JSON");
		assertThatExceptionOfType(MalformedNotificationException.class).isThrownBy(() -> read(""))
			.withMessage("the body is empty");
		assertThatExceptionOfType(MalformedNotificationException.class).isThrownBy(() -> read("{\"hello\":1}"))
			.withMessageStartingWith("the body is not an EventBridge event");
		assertThatExceptionOfType(MalformedNotificationException.class)
			.isThrownBy(() -> read("{\"provider\":\"vault\",\"object\":\"\"}"))
			.withMessage("a change needs a provider and an object");
		assertThatExceptionOfType(MalformedNotificationException.class)
			.isThrownBy(() -> read(
					"{\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.secretsmanager\",\"detail\":"
							+ "{\"eventName\":\"PutSecretValue\"}}"))
			.withMessage("the Secrets Manager event names no secret");
		assertThatExceptionOfType(MalformedNotificationException.class)
			.isThrownBy(() -> read("[{\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\",\"data\":{}}]"))
			.withMessage("the subscription validation event has no validationCode");
	}

	private java.util.List<StoreChange> changes(String fixture) throws IOException {
		return ((Notification.Changes) this.notifications.read(fixture(fixture))).changes();
	}

	private Notification read(String body) {
		return this.notifications.read(body.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] fixture(String name) throws IOException {
		try (InputStream in = ChangeNotificationsTests.class.getResourceAsStream("/webhook/" + name)) {
			return in.readAllBytes();
		}
	}

}
