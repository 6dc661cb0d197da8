package dev.secretsstore.driver.kubernetes;

import dev.secretsstore.driver.model.LookupFailedException;
import io.kubernetes.client.openapi.ApiException;

/**
 * A failed call to the Kubernetes API server, with a message naming the object and the
 * server's answer.
 */
public class KubernetesApiException extends LookupFailedException {

	public KubernetesApiException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * A message for {@code action} on {@code object} that failed with {@code ex}: the
	 * HTTP status and body when the server answered, the transport error when it did not.
	 */
	public static String describe(String action, String object, ApiException ex) {
		if (ex.getCode() == 0) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return "failed to " + action + " " + object + ": " + cause;
		}
		String body = (ex.getResponseBody() != null) ? ex.getResponseBody().strip() : "";
		return "failed to " + action + " " + object + ": HTTP " + ex.getCode() + (body.isEmpty() ? "" : " " + body);
	}

}
