package dev.secretsstore.driver.actuator.http;

/**
 * What a {@link WriteAuthorizer} decided.
 *
 * @param status the HTTP status of a refusal (401, 403 or 503), or 0 when the request may
 * go ahead
 * @param detail who is allowed, or why the request is refused: a short sentence for the
 * caller and the log that never quotes the credentials presented
 */
public record WriteDecision(int status, String detail) {

	/**
	 * Allowed: {@code who} made it ({@code loopback}, a user name).
	 */
	public static WriteDecision allowed(String who) {
		return new WriteDecision(0, who);
	}

	/** 401: no credentials, or credentials that do not identify anyone. */
	public static WriteDecision unauthenticated(String reason) {
		return new WriteDecision(401, reason);
	}

	/** 403: the caller is known and may not do this. */
	public static WriteDecision forbidden(String reason) {
		return new WriteDecision(403, reason);
	}

	/**
	 * 503: the credentials cannot be checked now (the API server cannot be reached, or
	 * refuses the review).
	 */
	public static WriteDecision unavailable(String reason) {
		return new WriteDecision(503, reason);
	}

	public boolean isAllowed() {
		return this.status == 0;
	}

}
