package dev.secretsstore.driver.actuator.http;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may change things on the management port in standalone mode: loopback always, and
 * remote callers that present this token as {@code Authorization: Bearer <token>}.
 * Cluster mode ignores both and asks the API server.
 *
 * @param token the token itself; prefer {@code tokenFile}, which keeps it out of the
 * command line and environment
 * @param tokenFile a file holding the token (surrounding whitespace ignored), read at
 * each write request so that a new token applies without a restart
 */
@ConfigurationProperties("secrets-store.management")
public record ManagementProperties(@Nullable String token, @Nullable Path tokenFile) {

	public ManagementProperties {
		if (token != null && !token.isBlank() && tokenFile != null) {
			throw new IllegalArgumentException(
					"set secrets-store.management.token or secrets-store.management.token-file, not both");
		}
	}

	/** Whether a token, or a file to read it from, is configured. */
	public boolean hasToken() {
		return (this.token != null && !this.token.isBlank()) || this.tokenFile != null;
	}

	/** Without the token: configuration is logged and shown, credentials never. */
	@Override
	public String toString() {
		return "ManagementProperties[token=" + ((this.token != null && !this.token.isBlank()) ? "(set)" : "(none)")
				+ ", tokenFile=" + this.tokenFile + "]";
	}

}
