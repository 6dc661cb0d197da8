package dev.secretsstore.provider.vault.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VaultErrorsTests {

	@Test
	void readsRetryAfterAsSecondsOrHttpDate() {
		Clock clock = Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC);
		assertThat(VaultErrors.retryAfter("120", clock)).isEqualTo(Duration.ofMinutes(2));
		assertThat(VaultErrors.retryAfter("Sat, 28 Nov 2026 00:00:30 GMT", clock)).isEqualTo(Duration.ofSeconds(30));
		assertThat(VaultErrors.retryAfter("soon", clock)).isNull();
		assertThat(VaultErrors.retryAfter(null, clock)).isNull();
	}

}
