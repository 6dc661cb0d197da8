package dev.secretsstore.provider.vault.client;

import java.time.Clock;
import java.time.Duration;

import dev.secretsstore.provider.vault.tls.VaultTls;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Keeps, bounds and refuses logged-in clients, without a Vault: building one calls
 * nothing.
 */
class VaultSessionsTests {

	private final VaultHttpClients httpClients = new VaultHttpClients(Duration.ofSeconds(5), Duration.ofSeconds(5));

	@Test
	void keepsOneSessionPerKey() {
		VaultSessions sessions = new VaultSessions(10, this.httpClients, Clock.systemUTC());
		VaultSession web0 = sessions.get(key("web-0", VaultTls.NONE));
		assertThat(sessions.get(key("web-0", VaultTls.NONE))).isSameAs(web0);
		assertThat(sessions.get(key("web-1", VaultTls.NONE))).isNotSameAs(web0);
		assertThat(sessions.size()).isEqualTo(2);
	}

	@Test
	void keepsAtMostItsSize() {
		VaultSessions sessions = new VaultSessions(2, this.httpClients, Clock.systemUTC());
		for (int i = 0; i < 5; i++) {
			sessions.get(key("web-" + i, VaultTls.NONE));
		}
		assertThat(sessions.size()).isEqualTo(2);
	}

	@Test
	void keepsNothingWhenItsSizeIsZero() {
		VaultSessions sessions = new VaultSessions(0, this.httpClients, Clock.systemUTC());
		assertThat(sessions.get(key("web-0", VaultTls.NONE))).isNotSameAs(sessions.get(key("web-0", VaultTls.NONE)));
		assertThat(sessions.size()).isZero();
	}

	@Test
	void keepsNoSessionForUnusableTlsFiles() {
		VaultSessions sessions = new VaultSessions(10, this.httpClients, Clock.systemUTC());
		VaultTls missing = new VaultTls("/nonexistent/ca.pem", "", "", "", "", null);
		assertThatIllegalArgumentException().isThrownBy(() -> sessions.get(key("web-0", missing)));
		assertThat(sessions.size()).isZero();
	}

	@Test
	void leavesThePodIdentityOutOfTheKeysText() {
		assertThat(key("web-0", VaultTls.NONE)).hasToString(
				"VaultSessionKey[role 'web' at auth/kubernetes of https://vault:8200, audience=vault, pod=default/web-0]");
	}

	private static VaultSessionKey key(String pod, VaultTls tls) {
		return new VaultSessionKey("https://vault:8200", "", "kubernetes", "web", "vault", tls, "default", pod,
				"token:0123456789abcdef");
	}

}
