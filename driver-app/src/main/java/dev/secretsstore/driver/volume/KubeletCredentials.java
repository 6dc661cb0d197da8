package dev.secretsstore.driver.volume;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.secretsstore.provider.MountRequest;

/**
 * The credentials kubelet sent with the latest publish of each volume (nodePublishSecretRef data and
 * service-account tokens), so a refresh between publishes calls the provider as the pod would. Kept in memory only:
 * tokens expire and secrets must not be written to disk.
 */
class KubeletCredentials {

	private final Map<Path, Credentials> latest = new ConcurrentHashMap<>();

	void remember(Path target, PublishRequest request) {
		String tokens = request.secrets().getOrDefault(MountRequest.SERVICE_ACCOUNT_TOKENS,
				request.volumeContext().getOrDefault(MountRequest.SERVICE_ACCOUNT_TOKENS, ""));
		this.latest.put(target, new Credentials(request.secrets(), tokens));
	}

	Credentials get(Path target) {
		return this.latest.getOrDefault(target, Credentials.NONE);
	}

	void forget(Path target) {
		this.latest.remove(target);
	}

	/**
	 * What kubelet sent.
	 *
	 * @param secrets the request's secrets
	 * @param tokens the service-account tokens JSON, or an empty string
	 */
	record Credentials(Map<String, String> secrets, String tokens) {

		static final Credentials NONE = new Credentials(Map.of(), "");

		@Override
		public String toString() {
			return "Credentials[secrets=" + this.secrets.keySet() + ", tokens=" + (this.tokens.isEmpty() ? "none" : "set")
					+ "]";
		}

	}

}
