package dev.secretsstore.provider.aws.credentials;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Reads the EKS Pod Identity Agent's answers:
 * {@code {"AccessKeyId","SecretAccessKey","Token","Expiration"}} on success,
 * {@code {"code","message"}} on failure.
 */
final class PodIdentityResponse {

	private static final int MAX_REASON = 200;

	private PodIdentityResponse() {
	}

	static AwsSessionCredentials credentials(String body, URI endpoint) throws ProviderException {
		try {
			JsonObject json = JsonParser.parseString(body).getAsJsonObject();
			String expiration = text(json, "Expiration");
			return AwsSessionCredentials.builder()
				.accessKeyId(required(json, "AccessKeyId"))
				.secretAccessKey(required(json, "SecretAccessKey"))
				.sessionToken(required(json, "Token"))
				.expirationTime(expiration.isEmpty() ? null : Instant.parse(expiration))
				.build();
		}
		catch (JsonParseException | IllegalStateException | DateTimeParseException ex) {
			// never quote the body: it holds credentials
			throw new ProviderException(Reason.FAILED, "",
					"the EKS Pod Identity Agent at " + endpoint + " answered credentials that cannot be read");
		}
	}

	/**
	 * The agent's own explanation of a failure, short, or nothing.
	 */
	static String reason(String body) {
		try {
			JsonElement json = JsonParser.parseString(body);
			String message = json.isJsonObject() ? text(json.getAsJsonObject(), "message") : "";
			if (message.length() > MAX_REASON) {
				message = message.substring(0, MAX_REASON) + "…";
			}
			return message.isEmpty() ? "" : ": " + message;
		}
		catch (JsonParseException ex) {
			return "";
		}
	}

	private static String required(JsonObject json, String field) {
		String value = text(json, field);
		if (value.isEmpty()) {
			throw new IllegalStateException("missing " + field);
		}
		return value;
	}

	private static String text(JsonObject json, String field) {
		JsonElement value = json.get(field);
		return (value != null && value.isJsonPrimitive()) ? value.getAsString() : "";
	}

}
