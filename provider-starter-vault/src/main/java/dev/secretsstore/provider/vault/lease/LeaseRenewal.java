package dev.secretsstore.provider.vault.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.vault.client.RawResponse;
import dev.secretsstore.provider.vault.client.VaultErrors;
import dev.secretsstore.provider.vault.client.VaultJson;
import dev.secretsstore.provider.vault.client.VaultRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Decides whether a volume keeps its dynamic secret for one more mount, renewing the
 * lease when it is due ({@code PUT /v1/sys/leases/renew}, with the token that read it),
 * or needs a new one: when the lease cannot be renewed (not renewable, Vault refuses, the
 * token that read it is gone) and has no more than {@linkplain Lease#threshold a third of
 * its term} left, which is also how it ends near its max TTL, when renewals come back
 * shorter than asked. A Vault that does not answer the renewal leaves the lease as it is:
 * the credential lives until its end, and the next mount tries again.
 */
public final class LeaseRenewal {

	static final String RENEW_PATH = "sys/leases/renew";

	private static final Logger log = LoggerFactory.getLogger(LeaseRenewal.class);

	private final Clock clock;

	public LeaseRenewal(Clock clock) {
		this.clock = clock;
	}

	/**
	 * The lease to mount again, renewed if it was due, or empty when a new secret must be
	 * read.
	 * @param what the secret in words, such as
	 * {@code GET /v1/database/creds/app for pod shop/web-0}
	 */
	Optional<Lease> keep(Lease lease, String what) {
		Instant now = this.clock.instant();
		Duration threshold = lease.threshold(now);
		Lease current = lease;
		if (lease.renewalDue(now, threshold)) {
			Optional<Lease> renewed = renew(lease, now, what);
			if (renewed.isEmpty()) {
				return Optional.empty();
			}
			current = renewed.get();
		}
		if (current.remaining(now).compareTo(threshold) <= 0) {
			log.info("The lease of {} ends at {} and cannot be renewed beyond; reading a new secret", what,
					current.expiresAt());
			return Optional.empty();
		}
		return Optional.of(current.usedAt(now));
	}

	private Optional<Lease> renew(Lease lease, Instant now, String what) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("lease_id", lease.id());
		body.put("increment", lease.increment().toSeconds());
		VaultRequest request = new VaultRequest("PUT", RENEW_PATH, Map.of(), body);
		String renewing = "renewing the lease of " + what;
		Optional<RawResponse> answer;
		try {
			answer = lease.session().callAs(lease.login(), request, renewing);
		}
		catch (ProviderException ex) {
			log.warn("Vault did not answer {}; the credential stays until {}: {}", renewing, lease.expiresAt(),
					ex.getMessage());
			return Optional.of(lease);
		}
		if (answer.isEmpty()) {
			log.info("The Vault token that read {} has been replaced; reading a new secret", what);
			return Optional.empty();
		}
		RawResponse response = answer.get();
		if (!response.isSuccess()) {
			ProviderException failure = VaultErrors.forStatus(response, renewing, this.clock);
			if (failure.isRetryable()) {
				log.warn("{}; the credential stays until {}", failure.getMessage(), lease.expiresAt());
				return Optional.of(lease);
			}
			log.info("{}; reading a new secret", failure.getMessage());
			return Optional.empty();
		}
		JsonNode renewal = (response.body().length > 0) ? VaultJson.readOrNull(response.body()) : null;
		if (renewal == null || !renewal.path("lease_duration").isIntegralNumber()) {
			log.info("Vault answered {} without a lease_duration (HTTP {}); reading a new secret", renewing,
					response.status());
			return Optional.empty();
		}
		Lease renewed = lease.renewed(renewal, now);
		log.debug("Renewed the lease of {} until {}", what, renewed.expiresAt());
		return Optional.of(renewed);
	}

}
