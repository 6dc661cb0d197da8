package dev.secretsstore.driver.rotation.tokens;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.secretsstore.driver.rotation.tokens.TokenMintingException.Reason;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.driver.testing.MutableClock;
import dev.secretsstore.driver.testing.TestTokens;
import dev.secretsstore.driver.volume.ErrorTypes;
import dev.secretsstore.driver.volume.KubeletCredentials;
import dev.secretsstore.driver.volume.KubeletCredentials.Credentials;
import dev.secretsstore.driver.volume.PublishRequest;
import dev.secretsstore.driver.volume.VolumeException;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ServiceAccountTokens;
import dev.secretsstore.provider.ServiceAccountTokens.ServiceAccountToken;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenRenewalTests {

	private static final Path TARGET = Path.of("/var/lib/kubelet/pods/uid-1/volumes/kubernetes.io~csi/secrets/mount");

	private static final PodRef POD = new PodRef("default", "web-0", "uid-1");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));

	private final KubeletCredentials credentials = new KubeletCredentials();

	private final FakeMinter minter = new FakeMinter();

	private final TokenRenewal renewal = new TokenRenewal(this.credentials, this.minter, TokenRenewal.MINTING_OFF,
			this.clock);

	private final MountedVolume volume = new MountedVolume("vol-1", TARGET, POD, "app", "fake",
			Map.of(MountRequest.SERVICE_ACCOUNT_NAME, "app-sa"), List.of());

	@Test
	void validTokensAreKeptAsKubeletSentThem() {
		String tokens = kubeletTokens("vault", Duration.ofHours(1));
		publish(Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, tokens), Map.of());

		Credentials renewed = this.renewal.renew(TARGET, this.volume);

		assertThat(renewed.tokens()).isEqualTo(tokens);
		assertThat(this.minter.calls).isEmpty();
	}

	@Test
	void aTokenExpiringWithinTheMarginIsReplacedButOneJustOutsideIsNot() {
		publish(Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, kubeletTokens("vault", Duration.ofHours(1))), Map.of());
		this.clock.advance(Duration.ofHours(1).minus(TokenRenewal.MARGIN).minusSeconds(1));
		assertThat(this.renewal.renew(TARGET, this.volume).tokens()).as("31 s left")
			.isEqualTo(kubeletTokens("vault", Duration.ofHours(1)));

		this.clock.advance(Duration.ofSeconds(1));
		Credentials renewed = this.renewal.renew(TARGET, this.volume);

		assertThat(this.minter.calls).singleElement()
			.isEqualTo(new MintCall(POD, "app-sa", "vault", Duration.ofHours(1)));
		assertThat(ServiceAccountTokens.parse(renewed.tokens()).get("vault").jwt())
			.isEqualTo(this.minter.issued.get(0));
	}

	@Test
	void theJsonIsKubeletsFormatAndReachesTheSecretsWhenKubeletSentTheTokensThere() {
		Instant now = this.clock.instant();
		String expired = TestTokens.jwt("kubelet", now.minusSeconds(3601), now.minusSeconds(1));
		String tokens = TestTokens.kubeletJson("vault", expired, now.minusSeconds(1));
		publish(Map.of(), Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, tokens, "username", "admin"));

		Credentials renewed = this.renewal.renew(TARGET, this.volume);

		String minted = this.minter.issued.get(0);
		String json = "{\"vault\":{\"token\":\"" + minted + "\",\"expirationTimestamp\":\"2026-11-28T01:00:00Z\"}}";
		assertThat(renewed.tokens()).isEqualTo(json);
		assertThat(renewed.secrets()).containsEntry(MountRequest.SERVICE_ACCOUNT_TOKENS, json)
			.containsEntry("username", "admin");
	}

	@Test
	void onlyStaleAudiencesAreMintedAndTheJsonKeepsEveryAudienceSorted() {
		Instant now = this.clock.instant();
		String fresh = TestTokens.jwt("kubelet", now, now.plusSeconds(3600));
		String stale = TestTokens.jwt("kubelet", now.minusSeconds(590), now.plusSeconds(10));
		String tokens = "{\"vault\":{\"token\":\"" + fresh + "\",\"expirationTimestamp\":\"2026-11-28T01:00:00Z\"},"
				+ "\"\":{\"token\":\"" + stale + "\",\"expirationTimestamp\":\"2026-11-28T00:00:10Z\"}}";
		publish(Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, tokens), Map.of());

		Credentials renewed = this.renewal.renew(TARGET, this.volume);

		assertThat(this.minter.calls).singleElement().satisfies((call) -> {
			assertThat(call.audience()).isEmpty();
			assertThat(call.lifetime()).as("as long as kubelet's was issued for").isEqualTo(Duration.ofMinutes(10));
		});
		assertThat(renewed.tokens()).isEqualTo("{\"\":{\"token\":\"" + this.minter.issued.get(0)
				+ "\",\"expirationTimestamp\":\"2026-11-28T00:10:00Z\"},\"vault\":{\"token\":\"" + fresh
				+ "\",\"expirationTimestamp\":\"2026-11-28T01:00:00Z\"}}");
	}

	@Test
	void theLifetimeIsKubeletsWithinTheApisMinimumAndADay() {
		Instant now = this.clock.instant();
		assertThat(TokenRenewal.lifetime(new ServiceAccountToken("not-a-jwt", now))).isEqualTo(Duration.ofHours(1));
		assertThat(TokenRenewal.lifetime(new ServiceAccountToken(TestTokens.jwt("s", now, now.plusSeconds(7200)), now)))
			.isEqualTo(Duration.ofHours(2));
		assertThat(TokenRenewal.lifetime(new ServiceAccountToken(TestTokens.jwt("s", now, now.plusSeconds(60)), now)))
			.isEqualTo(Duration.ofMinutes(10));
		assertThat(TokenRenewal
			.lifetime(new ServiceAccountToken(TestTokens.jwt("s", now, now.plus(Duration.ofDays(365))), now)))
			.isEqualTo(Duration.ofDays(1));
	}

	@Test
	void withoutATimestampTheJwtsExpiryCountsAndWithNeitherTheTokenIsKept() {
		Instant now = this.clock.instant();
		String expired = TestTokens.jwt("kubelet", now.minusSeconds(3600), now.minusSeconds(5));
		publish(Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS,
				"{\"a\":{\"token\":\"" + expired + "\"}," + "\"b\":{\"token\":\"opaque\"}}"), Map.of());

		this.renewal.renew(TARGET, this.volume);

		assertThat(this.minter.calls).extracting(MintCall::audience).containsExactly("a");
	}

	@Test
	void mintedTokensAreReusedUntilTheyExpireInTurn() {
		publish(Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, kubeletTokens("vault", Duration.ofMinutes(30))), Map.of());
		this.clock.advance(Duration.ofMinutes(30));
		String first = this.renewal.renew(TARGET, this.volume).tokens();

		this.clock.advance(Duration.ofMinutes(29));
		assertThat(this.renewal.renew(TARGET, this.volume).tokens()).isEqualTo(first);
		assertThat(this.minter.calls).hasSize(1);

		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.renewal.renew(TARGET, this.volume).tokens()).isNotEqualTo(first);
		assertThat(this.minter.calls).hasSize(2)
			.allSatisfy((call) -> assertThat(call.lifetime()).isEqualTo(Duration.ofMinutes(30)));
	}

	@Test
	void aRepublishReplacesMintedTokensAndAnUnpublishForgetsThem() {
		publish(Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, kubeletTokens("vault", Duration.ofMinutes(10))), Map.of());
		this.clock.advance(Duration.ofMinutes(10));
		this.renewal.renew(TARGET, this.volume);

		String republished = kubeletTokens("vault", Duration.ofHours(1));
		publish(Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, republished), Map.of());
		assertThat(this.renewal.renew(TARGET, this.volume).tokens()).isEqualTo(republished);

		this.credentials.forget(TARGET);
		this.credentials.renewed(TARGET, this.credentials.get(TARGET).withTokens("{}"));
		assertThat(this.credentials.get(TARGET)).as("nothing comes back after an unpublish").isSameAs(Credentials.NONE);
	}

	@Test
	void withoutAMinterAnExpiredTokenFailsNamingThePodTheAudienceAndTheFix() {
		TokenRenewal off = new TokenRenewal(this.credentials, null, TokenRenewal.MINTING_OFF, this.clock);
		publish(Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, kubeletTokens("vault", Duration.ofHours(1))), Map.of());
		this.clock.advance(Duration.ofHours(2));

		assertThatExceptionOfType(VolumeException.class).isThrownBy(() -> off.renew(TARGET, this.volume))
			.satisfies((ex) -> {
				assertThat(ex.kind()).isEqualTo(VolumeException.Kind.FAILED_PRECONDITION);
				assertThat(ex.errorType()).isEqualTo(ErrorTypes.SERVICE_ACCOUNT_TOKEN_EXPIRED);
			})
			.withMessageContaining("audience \"vault\" of pod default/web-0 expired at 2026-11-28T01:00:00Z")
			.withMessageContaining("--enable-token-minting")
			.withMessageContaining("serviceaccounts/token")
			.withMessageContaining("requiresRepublish: true");
	}

	@Test
	void aRefusedMintFailsWithTheRbacFixAndIsTriedAgainNextTime() {
		publish(Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, kubeletTokens("vault", Duration.ofHours(1))), Map.of());
		this.clock.advance(Duration.ofHours(1));
		this.minter.failure = new TokenMintingException(Reason.FORBIDDEN,
				"the driver may not create serviceaccounts/token in namespace default (HTTP 403)", null);

		assertThatExceptionOfType(VolumeException.class).isThrownBy(() -> this.renewal.renew(TARGET, this.volume))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(VolumeException.Kind.PERMISSION_DENIED))
			.withMessageContaining("audience \"vault\" of pod default/web-0")
			.withMessageContaining("HTTP 403")
			.withMessageContaining("tokenMinting.enabled")
			.withMessageContaining("requiresRepublish");
		this.minter.failure = null;
		this.renewal.renew(TARGET, this.volume);
		assertThat(this.minter.calls).hasSize(2);
	}

	@Test
	void aGonePodIsNotAskedForAgain() {
		publish(Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, kubeletTokens("vault", Duration.ofHours(1))), Map.of());
		this.clock.advance(Duration.ofHours(1));
		this.minter.failure = new TokenMintingException(Reason.POD_GONE, "pod default/web-0 no longer exists", null);

		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(VolumeException.class).isThrownBy(() -> this.renewal.renew(TARGET, this.volume))
				.satisfies((ex) -> {
					assertThat(ex.kind()).isEqualTo(VolumeException.Kind.NOT_FOUND);
					assertThat(ex.errorType()).isEqualTo(ErrorTypes.POD_NOT_FOUND);
				})
				.withMessageContaining("pod default/web-0 no longer exists")
				.withMessageContaining("until kubelet unmounts it");
		}
		assertThat(this.minter.calls).hasSize(1);
	}

	@Test
	void aVolumeRestoredAfterARestartGetsTokensForTheCsiDriversAudiencesOnce() {
		this.minter.audiences = List.of("vault", "sts.amazonaws.com");

		Credentials first = this.renewal.renew(TARGET, this.volume);
		Credentials second = this.renewal.renew(TARGET, this.volume);

		assertThat(this.minter.calls).extracting(MintCall::audience).containsExactly("vault", "sts.amazonaws.com");
		assertThat(this.minter.calls).extracting(MintCall::lifetime).containsOnly(TokenRenewal.DEFAULT_LIFETIME);
		assertThat(ServiceAccountTokens.parse(first.tokens())).containsOnlyKeys("vault", "sts.amazonaws.com");
		assertThat(second).isEqualTo(first);

		String kubelets = kubeletTokens("vault", Duration.ofHours(1));
		publish(Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, kubelets), Map.of());
		assertThat(this.renewal.renew(TARGET, this.volume).tokens()).as("kubelet's win once it sends them")
			.isEqualTo(kubelets);
	}

	@Test
	void aRestoredVolumeWithoutTokenRequestsOrServiceAccountGetsNone() {
		assertThat(this.renewal.renew(TARGET, this.volume)).isSameAs(Credentials.NONE);

		this.minter.audiences = List.of("vault");
		MountedVolume noAccount = new MountedVolume("vol-1", TARGET, POD, "app", "fake", Map.of(), List.of());
		assertThat(this.renewal.renew(TARGET, noAccount)).isSameAs(Credentials.NONE);
		assertThat(this.minter.calls).isEmpty();
	}

	@Test
	void credentialsNeverPrintTokens() {
		String tokens = kubeletTokens("vault", Duration.ofHours(1));
		publish(Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, tokens),
				Map.of(MountRequest.SERVICE_ACCOUNT_TOKENS, tokens));
		assertThat(this.credentials.get(TARGET).toString())
			.doesNotContain(ServiceAccountTokens.parse(tokens).get("vault").jwt());
	}

	private void publish(Map<String, String> volumeContext, Map<String, String> secrets) {
		this.credentials.remember(TARGET, new PublishRequest("vol-1", TARGET.toString(), volumeContext, secrets));
	}

	/**
	 * kubelet's JSON with a token for {@code audience} issued now for {@code lifetime}.
	 */
	private String kubeletTokens(String audience, Duration lifetime) {
		Instant now = Instant.parse("2026-11-28T00:00:00Z");
		return TestTokens.kubeletJson(audience, TestTokens.jwt("kubelet", now, now.plus(lifetime)), now.plus(lifetime));
	}

	record MintCall(PodRef pod, String serviceAccount, String audience, Duration lifetime) {
	}

	/**
	 * Mints unsigned JWTs valid from the clock's now, as the API server would, or fails
	 * as told.
	 */
	private final class FakeMinter implements TokenMinter {

		final List<MintCall> calls = new CopyOnWriteArrayList<>();

		final List<String> issued = new CopyOnWriteArrayList<>();

		volatile TokenMintingException failure;

		volatile List<String> audiences = List.of();

		@Override
		public List<String> audiences() {
			return this.audiences;
		}

		@Override
		public ServiceAccountToken mint(PodRef pod, String serviceAccount, String audience, Duration lifetime) {
			this.calls.add(new MintCall(pod, serviceAccount, audience, lifetime));
			if (this.failure != null) {
				throw this.failure;
			}
			Instant now = TokenRenewalTests.this.clock.instant();
			String jwt = TestTokens.jwt("minted-" + this.calls.size(), now, now.plus(lifetime));
			this.issued.add(jwt);
			return new ServiceAccountToken(jwt, now.plus(lifetime));
		}

	}

}
