package dev.secretsstore.provider.vault.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.secretsstore.provider.vault.client.VaultSession;
import dev.secretsstore.provider.vault.client.VaultSession.LoginId;
import tools.jackson.databind.JsonNode;

/**
 * A dynamic secret one volume holds: Vault's answer that opened the lease (the credential
 * itself, kept in memory only, so that a renewal mounts the same bytes again), the login
 * whose token read it, and where the lease stands. A lease ends when Vault says, or
 * earlier when the token that read it ends: Vault revokes a token's leases with it.
 *
 * @param id Vault's {@code lease_id}; never logged
 * @param answer the answer that opened the lease
 * @param session the logged-in client that read it, which alone can renew it
 * @param login the login of {@code session} whose token read it
 * @param increment how long the lease ran when issued, which each renewal asks for again
 * @param term how long the lease was to live when issued, counting the token's end
 * @param renewable whether Vault lets it be renewed, as it said last
 * @param renewedAt when it was issued or last renewed
 * @param expiresAt when it ends unless renewed
 * @param lastUsed when the volume last mounted it
 */
public record Lease(String id, JsonNode answer, VaultSession session, LoginId login, Duration increment, Duration term,
		boolean renewable, Instant renewedAt, Instant expiresAt, Instant lastUsed) {

	/**
	 * The lease {@code answer} opened, or empty when it has no {@code lease_id}: KV and
	 * other static secrets, which any pod may share.
	 */
	public static Optional<Lease> issued(JsonNode answer, VaultSession session, LoginId login, Instant now) {
		JsonNode id = answer.path("lease_id");
		if (!id.isString() || id.stringValue().isEmpty()) {
			return Optional.empty();
		}
		Duration increment = Duration.ofSeconds(seconds(answer.path("lease_duration")));
		Instant expiresAt = earliest(now.plus(increment), login.tokenEndsAt());
		return Optional.of(new Lease(id.stringValue(), answer, session, login, increment,
				Duration.between(now, expiresAt), answer.path("renewable").booleanValue(false), now, expiresAt, now));
	}

	/**
	 * How much life a lease must have left to be mounted again: a third of its term, as
	 * Vault Agent renews after two thirds, or, when refreshes come further apart, the
	 * time since the last one, so that it cannot run out before the next.
	 */
	Duration threshold(Instant now) {
		Duration sinceLastMount = Duration.between(this.lastUsed, now);
		Duration third = this.term.dividedBy(3);
		return (sinceLastMount.compareTo(third) > 0) ? sinceLastMount : third;
	}

	Duration remaining(Instant now) {
		return Duration.between(now, this.expiresAt);
	}

	/**
	 * Whether to renew now: a third of its current grant has passed, or it has no more
	 * than {@code threshold} left.
	 */
	boolean renewalDue(Instant now, Duration threshold) {
		Duration grant = Duration.between(this.renewedAt, this.expiresAt);
		return this.renewable && (Duration.between(this.renewedAt, now).compareTo(grant.dividedBy(3)) >= 0
				|| remaining(now).compareTo(threshold) <= 0);
	}

	/**
	 * This lease as Vault renewed it: for {@code seconds} from {@code now}, and no longer
	 * than the token.
	 */
	Lease renewed(JsonNode renewal, Instant now) {
		Instant end = earliest(now.plusSeconds(seconds(renewal.path("lease_duration"))), this.login.tokenEndsAt());
		return new Lease(this.id, this.answer, this.session, this.login, this.increment, this.term,
				renewal.path("renewable").booleanValue(false), now, end, this.lastUsed);
	}

	/**
	 * This lease mounted again at {@code now}.
	 */
	Lease usedAt(Instant now) {
		return new Lease(this.id, this.answer, this.session, this.login, this.increment, this.term, this.renewable,
				this.renewedAt, this.expiresAt, now);
	}

	/**
	 * Times and flags only: never the lease id or the answer.
	 */
	@Override
	public String toString() {
		return "Lease[term=" + this.term + ", renewable=" + this.renewable + ", renewedAt=" + this.renewedAt
				+ ", expiresAt=" + this.expiresAt + "]";
	}

	private static long seconds(JsonNode duration) {
		return duration.isIntegralNumber() ? Math.max(0, duration.longValue()) : 0;
	}

	private static Instant earliest(Instant one, Instant other) {
		return one.isBefore(other) ? one : other;
	}

}
