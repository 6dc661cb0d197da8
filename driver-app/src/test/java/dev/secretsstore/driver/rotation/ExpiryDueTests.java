package dev.secretsstore.driver.rotation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.provider.StoreBudgets;
import dev.secretsstore.driver.rotation.RotationEvent.Outcome;
import dev.secretsstore.driver.rotation.RotationProperties.Trigger;
import dev.secretsstore.driver.testing.MutableClock;
import dev.secretsstore.driver.testing.TestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciler's side of certificate expiry, over the CSI socket with the local
 * provider: a volume whose {@link ExpiryDeadlines} name a NotAfter within its interval
 * comes due a tenth of the interval before it, at most once a
 * {@link ExpiryDeadlines#shortestRecheck()} while the store serves an expired
 * certificate, and a volume without certificates keeps its interval. The deadlines here
 * are a map, as rotation sees them: what sets them from the mounted files is the
 * {@code expiry} package's to test.
 */
class ExpiryDueTests {

	private static final Duration INTERVAL = Duration.ofHours(1);

	private static final Duration RECHECK = Duration.ofMinutes(1);

	private final MutableClock clock = new MutableClock();

	private final Map<Path, Instant> expiries = new ConcurrentHashMap<>();

	private final ExpiryDeadlines deadlines = new ExpiryDeadlines() {

		@Override
		public Optional<Instant> soonestExpiry(Path target) {
			return Optional.ofNullable(ExpiryDueTests.this.expiries.get(target));
		}

		@Override
		public Duration shortestRecheck() {
			return RECHECK;
		}

	};

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	private final ScheduledExecutorService wakeUps = Executors.newSingleThreadScheduledExecutor();

	private TestDriver driver;

	private KubeletClient kubelet;

	private RotationReconciler reconciler;

	private RotationService rotation;

	private Path target;

	@BeforeEach
	void start() throws Exception {
		this.driver = new TestDriver();
		Files.writeString(this.driver.secretsDir.resolve("password"), "v1");
		this.driver.writeSecretProviderClass("app", """
				apiVersion: secrets-store.csi.x-k8s.io/v1
				kind: SecretProviderClass
				metadata: {name: app}
				spec:
				  provider: local
				  parameters:
				    objects: |
				      - objectName: password
				""");
		this.reconciler = new RotationReconciler(this.driver.refresher, INTERVAL, List.of(), this.clock,
				this.deadlines);
		this.rotation = new RotationService(this.reconciler, this.driver.volumes, this.driver.secretProviderClasses,
				Trigger.BOTH,
				new RotationQueue(this.pool, 2, 2, this.driver.budgets, new ConcurrentTaskScheduler(this.wakeUps)),
				(volume, spc) -> new StoreBudgets.Store(volume.provider(), ""));
		this.kubelet = new KubeletClient(this.driver.socket, this.driver.kubeletRoot);
		this.target = this.kubelet.publish(PodVolume.of("default", "web-0", "secrets", "app"), Map.of());
		assertThat(this.rotation.scheduledPass().join()).as("first sight starts the interval").isEmpty();
	}

	@AfterEach
	void stop() throws Exception {
		this.kubelet.close();
		this.pool.shutdownNow();
		this.wakeUps.shutdownNow();
		this.driver.close();
	}

	@Test
	void aCertificateExpiringWithinTheIntervalMakesTheVolumeDueATenthOfTheIntervalBeforeIt() throws Exception {
		Instant notAfter = this.clock.instant().plus(Duration.ofMinutes(30));
		this.expiries.put(this.target, notAfter);
		Files.writeString(this.driver.secretsDir.resolve("password"), "v2");

		this.clock.advance(Duration.ofMinutes(23));
		assertThat(this.rotation.scheduledPass().join()).as("30 min - 6 min not reached").isEmpty();
		assertThat(this.reconciler.check(this.target).orElseThrow().nextDue())
			.isEqualTo(notAfter.minus(INTERVAL.dividedBy(10)));

		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.rotation.scheduledPass().join()).singleElement().satisfies((event) -> {
			assertThat(event.outcome()).isEqualTo(Outcome.ROTATED);
			assertThat(event.trigger()).isEqualTo(RotationTrigger.CERTIFICATE_EXPIRY);
		});
		assertThat(this.target.resolve("password")).hasContent("v2");
	}

	@Test
	void anExpiredCertificateTheStoreKeepsServingIsCheckedOnceARecheckNotEveryPass() {
		this.expiries.put(this.target, this.clock.instant().minus(Duration.ofDays(1)));
		assertThat(this.rotation.scheduledPass().join()).as("a minute after first sight, not at once").isEmpty();

		this.clock.advance(RECHECK);
		assertThat(this.rotation.scheduledPass().join()).singleElement()
			.satisfies((event) -> assertThat(event.outcome()).isEqualTo(Outcome.UNCHANGED));
		this.clock.advance(RECHECK.dividedBy(2));
		assertThat(this.rotation.scheduledPass().join()).isEmpty();
		this.clock.advance(RECHECK.dividedBy(2));
		assertThat(this.rotation.scheduledPass().join()).hasSize(1);
	}

	@Test
	void aCertificateThatOutlivesTheIntervalAndAVolumeWithoutOneKeepTheInterval() throws Exception {
		Path other = this.kubelet.publish(PodVolume.of("default", "web-1", "secrets", "app"), Map.of());
		this.rotation.scheduledPass().join();
		this.expiries.put(this.target, this.clock.instant().plus(Duration.ofDays(30)));

		this.clock.advance(INTERVAL.minusSeconds(1));
		assertThat(this.rotation.scheduledPass().join()).isEmpty();
		assertThat(this.reconciler.check(other).orElseThrow().nextDue()).isAfter(this.clock.instant());

		this.clock.advance(INTERVAL.dividedBy(20).plusSeconds(1));
		assertThat(this.rotation.scheduledPass().join()).hasSize(2)
			.allSatisfy((event) -> assertThat(event.trigger()).isEqualTo(RotationTrigger.SCHEDULED));
	}

	@Test
	void aRotationOnDemandIsNotHeldBackByTheRecheck() {
		this.expiries.put(this.target, this.clock.instant().minus(Duration.ofDays(1)));
		assertThat(this.rotation.rotateNow((volume) -> true)).hasSize(1);
		assertThat(this.rotation.rotateNow((volume) -> true)).hasSize(1);
	}

}
