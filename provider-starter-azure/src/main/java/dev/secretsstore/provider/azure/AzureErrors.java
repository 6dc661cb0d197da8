package dev.secretsstore.provider.azure;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import com.azure.identity.CredentialUnavailableException;
import com.microsoft.aad.msal4j.MsalServiceException;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.RetryableProviderException;

/**
 * Turns Azure SDK failures into provider failures by HTTP status, naming the object but
 * never quoting a response body, a token or a secret.
 */
final class AzureErrors {

	private AzureErrors() {
	}

	static ProviderException of(RuntimeException ex, AzureObject object, String vaultName) {
		String what = object.describe() + " in vault '" + vaultName + "'";
		HttpResponse response = (ex instanceof HttpResponseException http) ? http.getResponse() : null;
		if (response != null) {
			return ofStatus(response, what, ex);
		}
		MsalServiceException entra = find(ex, MsalServiceException.class);
		if (entra != null) {
			String message = "cannot get an Entra ID token for " + what + ": HTTP " + entra.statusCode() + " ("
					+ entra.errorCode() + ")";
			int status = (entra.statusCode() != null) ? entra.statusCode() : 0;
			if (status == 429 || status >= 500) {
				return new RetryableProviderException("EntraIdUnavailable", message, null, ex);
			}
			return new ProviderException(Reason.PERMISSION_DENIED, "EntraIdDenied", message, ex);
		}
		if (find(ex, IOException.class) != null || find(ex, TimeoutException.class) != null) {
			return new RetryableProviderException("KeyVaultUnreachable",
					"cannot reach Key Vault or Entra ID for " + what + " (" + rootName(ex) + ")", null, ex);
		}
		if (find(ex, ClientAuthenticationException.class) != null
				|| find(ex, CredentialUnavailableException.class) != null) {
			return new ProviderException(Reason.PERMISSION_DENIED, "EntraIdDenied",
					"cannot get an Entra ID token for " + what + " (" + rootName(ex) + ")", ex);
		}
		return new ProviderException(Reason.FAILED, "KeyVaultFailed",
				"cannot fetch " + what + " (" + rootName(ex) + ")", ex);
	}

	private static ProviderException ofStatus(HttpResponse response, String what, RuntimeException ex) {
		int status = response.getStatusCode();
		String message = "Key Vault answered HTTP " + status + " for " + what;
		if (status == 404) {
			return new ProviderException(Reason.NOT_FOUND, "NotFound", message, ex);
		}
		if (status == 401 || status == 403) {
			return new ProviderException(Reason.PERMISSION_DENIED, "Forbidden", message, ex);
		}
		if (status == 429) {
			return RetryableProviderException.throttled("Throttled", message, retryAfter(response), ex);
		}
		if (status >= 500) {
			return new RetryableProviderException("KeyVaultUnavailable", message, retryAfter(response), ex);
		}
		return new ProviderException(Reason.FAILED, "KeyVaultFailed", message, ex);
	}

	/**
	 * The wait Key Vault asked for: {@code retry-after-ms}, {@code x-ms-retry-after-ms},
	 * or {@code Retry-After} in seconds or as an HTTP date; {@code null} when it named
	 * none.
	 */
	static Duration retryAfter(HttpResponse response) {
		for (String header : new String[] { "retry-after-ms", "x-ms-retry-after-ms" }) {
			String millis = response.getHeaderValue(header);
			if (millis != null && millis.strip().matches("\\d{1,9}")) {
				return Duration.ofMillis(Long.parseLong(millis.strip()));
			}
		}
		String value = response.getHeaderValue("Retry-After");
		if (value == null || value.isBlank()) {
			return null;
		}
		if (value.strip().matches("\\d{1,9}")) {
			return Duration.ofSeconds(Long.parseLong(value.strip()));
		}
		try {
			Duration wait = Duration.between(ZonedDateTime.now(),
					ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static String rootName(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName();
	}

}
