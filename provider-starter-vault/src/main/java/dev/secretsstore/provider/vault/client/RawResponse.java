package dev.secretsstore.provider.vault.client;

/**
 * What Vault answered to one call, before any interpretation.
 *
 * @param status the HTTP status code
 * @param retryAfter the Retry-After header, or {@code null}
 * @param body the body, empty when there was none
 */
public record RawResponse(int status, String retryAfter, byte[] body) {

	public boolean isSuccess() {
		return this.status >= 200 && this.status < 300;
	}

	/**
	 * Never prints the body, which holds secrets.
	 */
	@Override
	public String toString() {
		return "RawResponse[status=" + this.status + ", retryAfter=" + this.retryAfter + ", size=" + this.body.length
				+ "]";
	}

}
