package dev.secretsstore.driver.volume;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.secretsstore.provider.MountRequest;

/**
 * The credentials kubelet sent with the latest publish of each volume
 * (nodePublishSecretRef data and service-account tokens), so a refresh between publishes
 * calls the provider as the pod would; with the tokens the driver minted since, when
 * kubelet's had expired. Kept in memory only: tokens expire and secrets must not be
 * written to disk. A republish replaces everything with what kubelet sent; an unpublish
 * forgets it. Publish keeps them; rotation's token renewal reads them and keeps what it
 * minted.
 */
public class KubeletCredentials {

	private final Map<Path, Credentials> latest = new ConcurrentHashMap<>();

	/**
	 * Keeps what kubelet sent with {@code request}, replacing what was kept.
	 */
	public void remember(Path target, PublishRequest request) {
		String tokens = request.secrets()
			.getOrDefault(MountRequest.SERVICE_ACCOUNT_TOKENS,
					request.volumeContext().getOrDefault(MountRequest.SERVICE_ACCOUNT_TOKENS, ""));
		this.latest.put(target, new Credentials(request.secrets(), tokens, null));
	}

	/**
	 * The credentials of the volume at {@code target}, or {@link Credentials#NONE}.
	 */
	public Credentials get(Path target) {
		return this.latest.getOrDefault(target, Credentials.NONE);
	}

	/**
	 * Keeps {@code renewed} for the next refresh of a volume that is still published.
	 */
	public void renewed(Path target, Credentials renewed) {
		// computeIfPresent: an unpublish that came first must not be undone
		this.latest.computeIfPresent(target, (path, previous) -> renewed);
	}

	/**
	 * Keeps {@code minted} for a volume kubelet has sent nothing for since the driver
	 * started, unless kubelet has meanwhile.
	 */
	public void minted(Path target, Credentials minted) {
		this.latest.putIfAbsent(target, minted);
	}

	/**
	 * Forgets the credentials of the volume at {@code target}.
	 */
	public void forget(Path target) {
		this.latest.remove(target);
	}

	/**
	 * What a refresh passes to the provider.
	 *
	 * @param secrets the request's secrets
	 * @param tokens the service-account tokens JSON, or an empty string
	 * @param podGone why no token can be minted for the pod any more (it was deleted), or
	 * null while none is known
	 */
	public record Credentials(Map<String, String> secrets, String tokens, String podGone) {

		/** Nothing known. */
		public static final Credentials NONE = new Credentials(Map.of(), "", null);

		/**
		 * These credentials with {@code tokens} instead, also in the secrets when kubelet
		 * sent its tokens there (kubelet 1.35+ with
		 * {@code serviceAccountTokenInSecrets}), so the provider sees them where kubelet
		 * puts them.
		 */
		public Credentials withTokens(String tokens) {
			Map<String, String> secrets = this.secrets;
			if (secrets.containsKey(MountRequest.SERVICE_ACCOUNT_TOKENS)) {
				secrets = new HashMap<>(secrets);
				secrets.put(MountRequest.SERVICE_ACCOUNT_TOKENS, tokens);
				secrets = Map.copyOf(secrets);
			}
			return new Credentials(secrets, tokens, this.podGone);
		}

		/**
		 * These credentials, noting that the pod is gone for {@code reason}.
		 */
		public Credentials withPodGone(String reason) {
			return new Credentials(this.secrets, this.tokens, reason);
		}

		@Override
		public String toString() {
			return "Credentials[secrets=" + this.secrets.keySet() + ", tokens="
					+ (this.tokens.isEmpty() ? "none" : "set") + ", podGone=" + (this.podGone != null) + "]";
		}

	}

}
