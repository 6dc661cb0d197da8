package dev.secretsstore.provider.azure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps, expires and evicts cached clients by a test clock.
 */
class VaultClientCacheTests {

	private final MutableClock clock = new MutableClock();

	private final AtomicInteger built = new AtomicInteger();

	@Test
	void keepsClientsPerVaultAndCredentialUntilTheServiceAccountTokenExpires() {
		VaultClientCache cache = new VaultClientCache(10, Duration.ofHours(1), this.clock);
		AzureCredential token = workloadIdentity("jwt-1", this.clock.instant().plusSeconds(600));
		VaultClients first = get(cache, "https://a.vault.azure.net", token);
		assertThat(get(cache, "https://a.vault.azure.net", token)).isSameAs(first);
		get(cache, "https://b.vault.azure.net", token);
		get(cache, "https://a.vault.azure.net", workloadIdentity("jwt-2", this.clock.instant().plusSeconds(600)));
		assertThat(this.built).hasValue(3);
		this.clock.advance(Duration.ofSeconds(600));
		assertThat(get(cache, "https://a.vault.azure.net", token)).isNotSameAs(first);
		assertThat(cache.size()).isEqualTo(1);
	}

	@Test
	void endsAServicePrincipalsClientsAfterTheTtlAndDropsTheLeastRecentlyUsed() {
		VaultClientCache cache = new VaultClientCache(2, Duration.ofMinutes(5), this.clock);
		AzureCredential principal = new AzureCredential(AzureCredential.Kind.SERVICE_PRINCIPAL, "t", "c", "s", null);
		VaultClients a = get(cache, "https://a.vault.azure.net", principal);
		get(cache, "https://b.vault.azure.net", principal);
		get(cache, "https://a.vault.azure.net", principal);
		get(cache, "https://c.vault.azure.net", principal);
		assertThat(cache.size()).isEqualTo(2);
		assertThat(get(cache, "https://a.vault.azure.net", principal)).isSameAs(a);
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(get(cache, "https://a.vault.azure.net", principal)).isNotSameAs(a);
	}

	@Test
	void cachesNothingWhenItsSizeIsZero() {
		VaultClientCache cache = new VaultClientCache(0, Duration.ofHours(1), this.clock);
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
	 * A clock the test moves, so expiry is tested without waiting.
	 */
	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-11-28T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
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
