package dev.secretsstore.provider.azure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps, expires and evicts cached clients by a test clock and ticker.
 */
class VaultClientCacheTests {

	private final MutableClock clock = new MutableClock();

	private final AtomicInteger built = new AtomicInteger();

	@Test
	void keepsClientsPerVaultAndCredentialUntilTheServiceAccountTokenExpires() {
		VaultClientCache cache = new VaultClientCache(10, Duration.ofHours(1), this.clock, this.clock);
		AzureCredential token = workloadIdentity("jwt-1", this.clock.instant().plusSeconds(600));
		VaultClients first = get(cache, "https://a.vault.azure.net", token);
		assertThat(get(cache, "https://a.vault.azure.net", token)).isSameAs(first);
		get(cache, "https://b.vault.azure.net", token);
		get(cache, "https://a.vault.azure.net", workloadIdentity("jwt-2", this.clock.instant().plusSeconds(600)));
		assertThat(this.built).hasValue(3);
		this.clock.advance(Duration.ofSeconds(599));
		assertThat(get(cache, "https://a.vault.azure.net", token)).isSameAs(first);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(get(cache, "https://a.vault.azure.net", token)).isNotSameAs(first);
		// the expired clients are gone, and the ones built for the expired token are not
		// kept
		assertThat(cache.size()).isZero();
		get(cache, "https://a.vault.azure.net", workloadIdentity("jwt-3", this.clock.instant().plusSeconds(600)));
		assertThat(cache.size()).isOne();
	}

	@Test
	void endsAServicePrincipalsClientsAfterTheTtlAndKeepsTheMoreUsedWhenFull() {
		VaultClientCache cache = new VaultClientCache(2, Duration.ofMinutes(5), this.clock, this.clock);
		AzureCredential principal = new AzureCredential(AzureCredential.Kind.SERVICE_PRINCIPAL, "t", "c", "s", null);
		VaultClients a = get(cache, "https://a.vault.azure.net", principal);
		get(cache, "https://b.vault.azure.net", principal);
		get(cache, "https://a.vault.azure.net", principal);
		get(cache, "https://c.vault.azure.net", principal);
		assertThat(cache.size()).isEqualTo(2);
		assertThat(get(cache, "https://a.vault.azure.net", principal)).isSameAs(a);
		this.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
		assertThat(get(cache, "https://a.vault.azure.net", principal)).isSameAs(a);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(get(cache, "https://a.vault.azure.net", principal)).isNotSameAs(a);
	}

	@Test
	void cachesNothingWhenItsSizeIsZero() {
		VaultClientCache cache = new VaultClientCache(0, Duration.ofHours(1), this.clock, this.clock);
		AzureCredential principal = new AzureCredential(AzureCredential.Kind.SERVICE_PRINCIPAL, "t", "c", "s", null);
		assertThat(get(cache, "https://a.vault.azure.net", principal))
			.isNotSameAs(get(cache, "https://a.vault.azure.net", principal));
		assertThat(principal.toString()).doesNotContain("=s,", "=s]");
	}

	private VaultClients get(VaultClientCache cache, String vaultUrl, AzureCredential credential) {
		return cache.get(vaultUrl, "https://login.microsoftonline.com", credential, () -> {
			this.built.incrementAndGet();
			return new VaultClients(null, null, null);
		});
	}

	private static AzureCredential workloadIdentity(String jwt, Instant expiresAt) {
		return new AzureCredential(AzureCredential.Kind.WORKLOAD_IDENTITY, "t", "c", jwt, expiresAt);
	}

	/**
	 * A clock and ticker the test moves together, so expiry is tested without waiting.
	 */
	static final class MutableClock extends Clock implements Ticker {

		private Instant now = Instant.parse("2026-11-28T00:00:00Z");

		private long nanos;

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
			this.nanos += duration.toNanos();
		}

		@Override
		public long read() {
			return this.nanos;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
