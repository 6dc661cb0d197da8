package dev.secretsstore.driver.rotation.tokens;

import java.time.Duration;
import java.util.List;

import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.provider.ServiceAccountTokens.ServiceAccountToken;

/**
 * Mints service-account tokens for a pod, as kubelet does for the CSIDriver's
 * {@code tokenRequests}, so a rotation can still authenticate once the tokens of
 * kubelet's last publish have expired. Implemented with the TokenRequest API in cluster
 * mode ({@code --enable-token-minting}); standalone mode has no API server and so no
 * minter.
 */
@FunctionalInterface
public interface TokenMinter {

	/**
	 * A token of {@code serviceAccount} for {@code audience}, bound to {@code pod} so it
	 * stops working when the pod is deleted.
	 * @param pod the pod the token is bound to
	 * @param serviceAccount the pod's service account, in the pod's namespace
	 * @param audience the audience, or an empty string for the API server's own
	 * @param lifetime how long the token should be valid; the API server may shorten it
	 * @return the token and when it expires
	 * @throws TokenMintingException when the API server refuses or cannot be reached; the
	 * message quotes no token
	 */
	ServiceAccountToken mint(PodRef pod, String serviceAccount, String audience, Duration lifetime);

	/**
	 * The audiences kubelet sends tokens for (the CSIDriver's {@code tokenRequests}), for
	 * a volume whose tokens are not known: the driver restarted since kubelet's last
	 * publish of it, and without republish kubelet sends none. Empty when there are none
	 * or they cannot be read.
	 */
	default List<String> audiences() {
		return List.of();
	}

}
