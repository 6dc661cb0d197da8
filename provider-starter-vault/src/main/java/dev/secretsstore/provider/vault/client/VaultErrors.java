package dev.secretsstore.provider.vault.client;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLException;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.RetryableProviderException;
import tools.jackson.databind.JsonNode;

/**
 * Turns Vault's failures into provider failures: the HTTP status picks the reason,
 * Vault's {@code errors} (which name paths and roles, never secrets) complete the
 * message, and transient ones become retryable.
 */
public final class VaultErrors {

	private static final int MAX_MESSAGE = 300;

	private VaultErrors() {
	}

	/**
	 * The failure of a call that answered with a non-2xx status.
	 * @param what what was attempted, such as
	 * {@code reading GET /v1/secret/data/app for object 'db'}
	 */
	public static ProviderException forStatus(RawResponse response, String what, Clock clock) {
		String message = "Vault refused " + what + " with HTTP " + response.status() + errors(response.body());
		return switch (response.status()) {
			case 400 -> new ProviderException(Reason.INVALID_PARAMETERS, "VaultBadRequest", message);
			case 401, 403 -> new ProviderException(Reason.PERMISSION_DENIED, "VaultPermissionDenied", message);
			case 404 -> new ProviderException(Reason.NOT_FOUND, "VaultNotFound", message);
			case 429 -> RetryableProviderException.throttled("VaultThrottled", message,
					retryAfter(response.retryAfter(), clock), null);
			case 412, 500, 502, 503, 504 -> new RetryableProviderException("VaultUnavailable", message,
					retryAfter(response.retryAfter(), clock), null);
			default -> new ProviderException(Reason.FAILED, "VaultError", message);
		};
	}

	/**
	 * The failure of a call that got no answer: a TLS failure will not heal by itself,
	 * anything else may.
	 */
	static ProviderException forIo(Throwable ex, String what) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SSLException) {
				return new ProviderException(Reason.FAILED, "VaultTlsError",
						"TLS with Vault failed while " + what + ": " + cause.getMessage()
								+ "; check vaultCACertPath, vaultCADirectory, vaultTLSServerName and vaultAddress",
						ex);
			}
		}
		return new RetryableProviderException("VaultUnavailable", "Vault did not answer while " + what + ": "
				+ ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : ""), null, ex);
	}

	/**
	 * Vault's {@code errors}, as {@code ": first; second"}, or an empty string.
	 */
	static String errors(byte[] body) {
		JsonNode root = (body.length > 0) ? VaultJson.readOrNull(body) : null;
		List<String> errors = new ArrayList<>();
		if (root != null) {
			root.path("errors")
				.forEach((error) -> errors.add(error.isString() ? error.stringValue() : error.toString()));
		}
		String text = String.join("; ", errors).replaceAll("\\s+", " ").strip();
		if (text.length() > MAX_MESSAGE) {
			text = text.substring(0, MAX_MESSAGE) + "...";
		}
		return text.isEmpty() ? "" : ": " + text;
	}

	/**
	 * Reads Retry-After as seconds or as an HTTP date; {@code null} when absent or
	 * unreadable.
	 */
	static Duration retryAfter(String header, Clock clock) {
		if (header == null || header.isBlank()) {
			return null;
		}
		String text = header.strip();
		if (text.matches("[0-9]{1,9}")) {
			return Duration.ofSeconds(Long.parseLong(text));
		}
		try {
			Duration wait = Duration.between(clock.instant(),
					ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
