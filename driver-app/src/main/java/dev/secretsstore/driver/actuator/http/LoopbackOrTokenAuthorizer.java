package dev.secretsstore.driver.actuator.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Standalone mode's writes: anyone on this machine (a loopback address) may, as anyone on
 * it could run the driver's command anyway; a remote caller needs the configured token as
 * a bearer token. Without a configured token, writes come from loopback only.
 */
public final class LoopbackOrTokenAuthorizer implements WriteAuthorizer {

	private static final Log logger = LogFactory.getLog(LoopbackOrTokenAuthorizer.class);

	private final ManagementProperties properties;

	public LoopbackOrTokenAuthorizer(ManagementProperties properties) {
		this.properties = properties;
	}

	@Override
	public WriteDecision authorize(WriteRequest request) {
		if (request.client().isLoopbackAddress()) {
			return WriteDecision.allowed("loopback");
		}
		if (!this.properties.hasToken()) {
			return WriteDecision.unauthenticated("writes are accepted from loopback only: configure "
					+ "secrets-store.management.token-file to accept a bearer token from elsewhere");
		}
		if (request.bearerToken() == null) {
			return WriteDecision.unauthenticated("a bearer token is required");
		}
		byte[] expected;
		try {
			expected = expectedToken();
		}
		catch (IOException ex) {
			logger
				.warn("Cannot read the management token file " + this.properties.tokenFile() + ": " + ex.getMessage());
			return WriteDecision.unavailable("the driver cannot read its management token");
		}
		if (expected.length == 0) {
			logger.warn("The management token file " + this.properties.tokenFile() + " is empty: remote writes "
					+ "are refused");
			return WriteDecision.unauthenticated("the bearer token is not valid");
		}
		// MessageDigest.isEqual takes as long for any token presented (it runs over the
		// expected one, whatever the other's length): the answer's timing says nothing
		// about the token
		if (!MessageDigest.isEqual(expected, request.bearerToken().getBytes(StandardCharsets.UTF_8))) {
			return WriteDecision.unauthenticated("the bearer token is not valid");
		}
		return WriteDecision.allowed("the management token");
	}

	private byte[] expectedToken() throws IOException {
		String token = this.properties.token();
		if (token == null || token.isBlank()) {
			token = Files.readString(this.properties.tokenFile(), StandardCharsets.UTF_8);
		}
		return token.strip().getBytes(StandardCharsets.UTF_8);
	}

}
