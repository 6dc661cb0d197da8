package dev.secretsstore.driver.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Service-account tokens for tests: unsigned JWTs with the claims the driver reads.
 */
public final class TestTokens {

	private TestTokens() {
	}

	/**
	 * A JWT for {@code subject} issued at {@code issuedAt}, expiring at
	 * {@code expiresAt}.
	 */
	public static String jwt(String subject, Instant issuedAt, Instant expiresAt) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String header = encoder.encodeToString("{\"alg\":\"RS256\",\"kid\":\"test\"}".getBytes(StandardCharsets.UTF_8));
		String payload = encoder.encodeToString(("{\"sub\":\"" + subject + "\",\"iat\":" + issuedAt.getEpochSecond()
				+ ",\"exp\":" + expiresAt.getEpochSecond() + "}")
			.getBytes(StandardCharsets.UTF_8));
		return header + "." + payload + ".c2lnbmF0dXJl";
	}

	/**
	 * kubelet's {@code csi.storage.k8s.io/serviceAccount.tokens} JSON for one audience.
	 */
	public static String kubeletJson(String audience, String jwt, Instant expiresAt) {
		return "{\"" + audience + "\":{\"token\":\"" + jwt + "\",\"expirationTimestamp\":\"" + expiresAt + "\"}}";
	}

}
