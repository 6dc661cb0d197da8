package dev.secretsstore.provider.aws.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.secretsstore.provider.aws.client.AwsClientFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps, renews, bounds and closes sessions by a test clock and ticker.
 */
class SessionCacheTests {

	private final FakeTime time = new FakeTime();

	// the provider's defaults; no test calls AWS
	private final AwsClientFactory clients = new AwsClientFactory(null, null, null, Duration.ofSeconds(5),
			Duration.ofSeconds(20), null);

	private final SessionCache cache = new SessionCache(this.clients, this.time, this.time);

	@AfterEach
	void close() {
		this.cache.close();
		this.clients.close();
	}

	@Test
	void keepsASessionUntilFiveMinutesBeforeItsCredentialsExpire() throws Exception {
		Credentials pod = credentials("pod-a", Duration.ofHours(1));
		AwsSession first = this.cache.session("us-east-1", pod);
		this.time.advance(Duration.ofMinutes(55).minusSeconds(1));
		assertThat(this.cache.session("us-east-1", pod)).isSameAs(first);
		assertThat(pod.loads).isEqualTo(1);
		this.time.advance(Duration.ofSeconds(1));
		AwsSession renewed = this.cache.session("us-east-1", pod);
		assertThat(renewed).isNotSameAs(first);
		assertThat(pod.loads).isEqualTo(2);
		assertThat(first.isClosed()).isTrue();
		assertThat(renewed.isClosed()).isFalse();
		assertThat(this.cache.size()).isOne();
	}

	@Test
	void keepsASessionWithoutExpirationTimeForFifteenMinutes() throws Exception {
		Credentials pod = credentials("pod-a", null);
		AwsSession first = this.cache.session("us-east-1", pod);
		this.time.advance(SessionCache.UNDATED_LIFETIME.minusSeconds(1));
		assertThat(this.cache.session("us-east-1", pod)).isSameAs(first);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(this.cache.session("us-east-1", pod)).isNotSameAs(first);
		assertThat(first.isClosed()).isTrue();
	}

	@Test
	void keepsOneSessionPerRegionAndIdentity() throws Exception {
		Credentials a = credentials("pod-a", Duration.ofHours(1));
		Credentials b = credentials("pod-b", Duration.ofHours(1));
		AwsSession east = this.cache.session("us-east-1", a);
		assertThat(this.cache.session("eu-west-1", a)).isNotSameAs(east);
		assertThat(this.cache.session("us-east-1", b)).isNotSameAs(east);
		assertThat(this.cache.session("us-east-1", a)).isSameAs(east);
		assertThat(a.loads).isEqualTo(2);
		assertThat(this.cache.size()).isEqualTo(3);
	}

	@Test
	void doesNotKeepCredentialsThatAreAlreadyDueForRenewal() throws Exception {
		Credentials pod = credentials("pod-a", Duration.ofMinutes(4));
		AwsSession first = this.cache.session("us-east-1", pod);
		AwsSession second = this.cache.session("us-east-1", pod);
		assertThat(second).isNotSameAs(first);
		assertThat(pod.loads).isEqualTo(2);
		assertThat(first.isClosed()).as("the mount that loaded it may still use it").isFalse();
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void keepsAtMostMaxSessionsAndClosesTheOnesItDrops() throws Exception {
		List<AwsSession> sessions = new ArrayList<>();
		for (int i = 0; i <= SessionCache.MAX_SESSIONS; i++) {
			sessions.add(this.cache.session("us-east-1", credentials("pod-" + i, Duration.ofHours(1))));
		}
		assertThat(this.cache.size()).isEqualTo(SessionCache.MAX_SESSIONS);
		assertThat(sessions).filteredOn(AwsSession::isClosed).hasSize(1);
	}

	@Test
	void closingClosesEverySession() throws Exception {
		AwsSession a = this.cache.session("us-east-1", credentials("pod-a", Duration.ofHours(1)));
		AwsSession b = this.cache.session("us-east-1", credentials("pod-b", Duration.ofHours(1)));
		this.cache.close();
		assertThat(a.isClosed()).isTrue();
		assertThat(b.isClosed()).isTrue();
		assertThat(this.cache.size()).isZero();
	}

	/**
	 * Credentials of {@code identity} that each load makes valid for {@code validity}, or
	 * without expiration time when it is null.
	 */
	private Credentials credentials(String identity, Duration validity) {
		return new Credentials(identity, validity, this.time);
	}

	/**
	 * A pod's credentials, counting how often they are loaded.
	 */
	private static final class Credentials implements PodCredentials {

		private final String identity;

		private final Duration validity;

		private final Clock clock;

		private int loads;

		Credentials(String identity, Duration validity, Clock clock) {
			this.identity = identity;
			this.validity = validity;
			this.clock = clock;
		}

		@Override
		public String identity() {
			return this.identity;
		}

		@Override
		public AwsSessionCredentials load(String region) {
			this.loads++;
			return AwsSessionCredentials.builder()
				.accessKeyId("ASIA" + this.loads)
				.secretAccessKey("secret")
				.sessionToken("token")
				.expirationTime((this.validity != null) ? this.clock.instant().plus(this.validity) : null)
				.build();
		}

	}

	/**
	 * A wall clock and a ticker that the test moves together.
	 */
	private static final class FakeTime extends Clock implements Ticker {

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
