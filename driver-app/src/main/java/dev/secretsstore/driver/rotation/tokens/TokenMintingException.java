package dev.secretsstore.driver.rotation.tokens;

/**
 * A service-account token could not be minted. The message says why and never quotes a
 * token.
 */
public class TokenMintingException extends RuntimeException {

	private final Reason reason;

	public TokenMintingException(Reason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	/**
	 * Why minting failed.
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why minting failed, as far as it changes what to do next.
	 */
	public enum Reason {

		/**
		 * The driver may not create {@code serviceaccounts/token}: its RBAC is missing.
		 */
		FORBIDDEN,

		/**
		 * The pod no longer exists, or another pod of the same name replaced it: no token
		 * can be bound to it again.
		 */
		POD_GONE,

		/**
		 * Anything else: the service account is missing, the API server is unreachable or
		 * failed.
		 */
		FAILED

	}

}
