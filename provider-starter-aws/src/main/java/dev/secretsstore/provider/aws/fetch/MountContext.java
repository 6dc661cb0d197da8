package dev.secretsstore.provider.aws.fetch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.RetryableProviderException;
import dev.secretsstore.provider.aws.credentials.PodCredentials;
import dev.secretsstore.provider.aws.credentials.SessionCache;
import dev.secretsstore.provider.aws.objects.AwsParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the fetchers of one mount share: the request, its regions and the pod's sessions,
 * and the failover policy.
 */
final class MountContext {

	private static final Logger log = LoggerFactory.getLogger(MountContext.class);

	private final MountRequest request;

	private final List<String> regions;

	/**
	 * One per region for the whole mount, so a mount exchanges the pod's token at most
	 * once per region.
	 */
	private final List<RegionSession> sessions;

	private final Map<String, String> currentVersions = new HashMap<>();

	MountContext(MountRequest request, AwsParameters parameters, PodCredentials credentials, SessionCache sessions) {
		this.request = request;
		this.regions = parameters.regions();
		this.sessions = this.regions.stream()
			.map((region) -> new RegionSession(region, credentials, sessions))
			.toList();
		for (ObjectVersion version : request.currentObjectVersions()) {
			this.currentVersions.put(version.id(), version.version());
		}
	}

	/**
	 * The version mounted now under {@code fileName}, or {@code null} on a first mount.
	 */
	String currentVersion(String fileName) {
		return this.currentVersions.get(fileName);
	}

	String targetPath() {
		return this.request.targetPath();
	}

	/**
	 * Runs {@code call} in the primary region and, only when that region is unavailable
	 * (throttling, 5xx, no connection), in the failover region; any other failure ends
	 * the mount at once.
	 * @param what names what is fetched, for messages
	 */
	<T> T inRegions(String what, RegionalCall<T> call) throws ProviderException {
		RetryableProviderException last = null;
		for (int i = 0; i < this.regions.size(); i++) {
			String region = this.regions.get(i);
			try {
				return call.call(this.sessions.get(i), i > 0);
			}
			catch (RetryableProviderException ex) {
				last = ex;
				if (i + 1 < this.regions.size()) {
					log.warn("Fetching {} in {} failed, trying failover region {}: {}", what, region,
							this.regions.get(i + 1), ex.getMessage());
				}
			}
		}
		if (this.regions.size() == 1) {
			throw last;
		}
		throw new RetryableProviderException(last.errorCode(),
				"Failed to fetch " + what + " from all regions " + this.regions + ": " + last.getMessage(),
				last.retryAfter().orElse(null), last);
	}

	/**
	 * A fetch in one region.
	 */
	@FunctionalInterface
	interface RegionalCall<T> {

		/**
		 * @param failover whether {@code session} is the failover region's, so the
		 * failover object applies
		 */
		T call(RegionSession session, boolean failover) throws ProviderException;

	}

}
