package dev.secretsstore.provider.aws.fetch;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.aws.credentials.AwsSession;
import dev.secretsstore.provider.aws.credentials.PodCredentials;
import dev.secretsstore.provider.aws.credentials.SessionCache;

/**
 * The pod's session in one region for one mount, obtained only when a call needs it: a
 * mount whose objects are all pinned and mounted exchanges no token at all.
 */
final class RegionSession {

	private final String region;

	private final PodCredentials credentials;

	private final SessionCache sessions;

	private AwsSession session;

	private ProviderException failure;

	RegionSession(String region, PodCredentials credentials, SessionCache sessions) {
		this.region = region;
		this.credentials = credentials;
		this.sessions = sessions;
	}

	String region() {
		return this.region;
	}

	/**
	 * The session, from the cache or by exchanging the pod's token; a failed exchange is
	 * not repeated within the mount, so the objects of a mount do not each ask a failing
	 * STS or agent again.
	 */
	AwsSession get() throws ProviderException {
		if (this.failure != null) {
			throw this.failure;
		}
		if (this.session == null) {
			try {
				this.session = this.sessions.session(this.region, this.credentials);
			}
			catch (ProviderException ex) {
				this.failure = ex;
				throw ex;
			}
		}
		return this.session;
	}

}
