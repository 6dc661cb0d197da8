package dev.secretsstore.driver.rotation;

import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.secretsstore.driver.actuator.SecretMountsEndpoint;
import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.metrics.DriverMetrics;
import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.provider.StoreBudgets;
import dev.secretsstore.driver.rotation.RotationEvent.Outcome;
import dev.secretsstore.driver.flags.GoDuration;
import dev.secretsstore.driver.rotation.RotationProperties.Trigger;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.testing.RecordingProvider;
import dev.secretsstore.driver.testing.StateFiles;
import dev.secretsstore.driver.testing.TestDriver;
import dev.secretsstore.driver.volume.VersionChange;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.RetryableProviderException;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.driver.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rotation end to end in standalone mode: a volume published over the CSI socket with the
 * local provider, its secret changed in the store, and each trigger refreshing (or not)
 * the mounted file and the pod status.
 */
class RotationServiceTests {

	private static final Duration INTERVAL = Duration.ofMinutes(2);

	private final RecordingProvider flaky = new RecordingProvider("flaky");

	private final MutableClock clock = new MutableClock();

	private final RotationEvents events = new RotationEvents(50);

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	private final ScheduledExecutorService wakeUps = Executors.newSingleThreadScheduledExecutor();

	private TestDriver driver;

	private KubeletClient kubelet;

	private RotationService rotation;

	private RotationReconciler reconciler;

	private DriverMetrics metrics;

	private Path target;

	@BeforeEach
	void start() throws Exception {
		this.driver = new TestDriver(this.flaky);
		Files.writeString(this.driver.secretsDir.resolve("password"), "v1");
		this.driver.writeSecretProviderClass("app", spc("app", Map.of()));
		this.metrics = new DriverMetrics(this.driver.meters);
		this.reconciler = new RotationReconciler(this.driver.refresher, INTERVAL, List.of(this.events, this.metrics),
				this.clock);
		this.rotation = service(2, 2);
		this.kubelet = new KubeletClient(this.driver.socket, this.driver.kubeletRoot);
		this.target = this.kubelet.publish(PodVolume.of("default", "web-0", "secrets", "app"), Map.of());
	}

	@AfterEach
	void stop() throws Exception {
		this.kubelet.close();
		this.pool.shutdownNow();
		this.wakeUps.shutdownNow();
		this.driver.close();
	}

	@Test
	void aScheduledPassRotatesAChangedSecretOnceTheIntervalHasPassed() throws Exception {
		assertThat(this.rotation.scheduledPass().join()).as("first sight starts the interval").isEmpty();
		Files.writeString(this.driver.secretsDir.resolve("password"), "v2");
		this.clock.advance(INTERVAL.minusSeconds(1));
		assertThat(this.rotation.scheduledPass().join()).as("not due yet").isEmpty();
		assertThat(this.target.resolve("password")).hasContent("v1");

		this.clock.advance(INTERVAL.dividedBy(5));
		List<RotationEvent> rotated = this.rotation.scheduledPass().join();

		assertThat(rotated).singleElement().satisfies((event) -> {
			assertThat(event.outcome()).isEqualTo(Outcome.ROTATED);
			assertThat(event.trigger()).isEqualTo(RotationTrigger.SCHEDULED);
			assertThat(event.changes()).extracting(VersionChange::id).containsExactly("file/password");
		});
		assertThat(this.target.resolve("password")).hasContent("v2");
		assertThat(StateFiles.only(this.driver.stateDir)).content()
			.contains(rotated.get(0).changes().get(0).newVersion());
		assertThat(this.driver.meters.get("rotation_reconcile").tag("rotated", "true").counter().count()).isOne();

		this.clock.advance(INTERVAL.multipliedBy(2));
		assertThat(this.rotation.scheduledPass().join()).singleElement()
			.satisfies((event) -> assertThat(event.outcome()).isEqualTo(Outcome.UNCHANGED));
		assertThat(this.events.recent()).extracting(RotationEvent::outcome)
			.containsExactly(Outcome.UNCHANGED, Outcome.ROTATED);
		assertThat(this.driver.fetched).as("the publish and both refreshes reach content listeners").hasSize(3);
	}

	@Test
	void theIntervalCountsFromThePublishNotFromTheFirstPass() throws Exception {
		MountedVolume published = this.driver.volumes.get(this.target).orElseThrow();
		this.reconciler.mounted(published, this.driver.secretProviderClasses.find("default", "app").orElseThrow());
		Files.writeString(this.driver.secretsDir.resolve("password"), "v2");
		this.clock.advance(INTERVAL.minusSeconds(1));
		assertThat(this.rotation.scheduledPass().join()).as("not due yet").isEmpty();
		// the interval and its jitter (a twentieth at most) since the publish, not since
		// this first pass
		this.clock.advance(INTERVAL.dividedBy(20).plusSeconds(1));
		assertThat(this.rotation.scheduledPass().join()).singleElement()
			.satisfies((event) -> assertThat(event.outcome()).isEqualTo(Outcome.ROTATED));
		assertThat(this.target.resolve("password")).hasContent("v2");
	}

	@Test
	void passesComeOftenEnoughForShortIntervals() {
		assertThat(properties("2m", "5s").effectivePassInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties("30s", "5s").effectivePassInterval()).isEqualTo(Duration.ofMillis(1500));
		assertThat(properties("2s", "5s").effectivePassInterval()).isEqualTo(Duration.ofMillis(100));
		assertThat(properties("500ms", "5s").effectivePassInterval()).as("never under 100 ms")
			.isEqualTo(Duration.ofMillis(100));
		assertThat(properties("1h", "1s").effectivePassInterval()).as("an operator's shorter pass interval stays")
			.isEqualTo(Duration.ofSeconds(1));
	}

	/**
	 * Rotation with {@code parallelism} workers, {@code share} of them for one provider,
	 * a store per provider.
	 */
	private RotationService service(int parallelism, int share) {
		return new RotationService(this.reconciler, this.driver.volumes, this.driver.secretProviderClasses,
				Trigger.BOTH,
				new RotationQueue(this.pool, parallelism, share, this.driver.budgets,
						new ConcurrentTaskScheduler(this.wakeUps)),
				(volume, spc) -> new StoreBudgets.Store(volume.provider(), ""));
	}

	private static RotationProperties properties(String pollInterval, String passInterval) {
		return new RotationProperties(true, GoDuration.parse(pollInterval), Trigger.BOTH,
				GoDuration.parse(passInterval), 20, 16, 200, false);
	}

	@Test
	void republishInsideTheIntervalCallsNoProviderAndAfterItRotates() throws Exception {
		PodVolume volume = PodVolume.of("default", "web-0", "secrets", "app");
		Files.writeString(this.driver.secretsDir.resolve("password"), "v2");
		this.kubelet.publish(volume, Map.of());
		this.rotation.onRepublish(this.driver.republished.get(0));
		assertThat(this.target.resolve("password")).as("inside the interval").hasContent("v1");
		assertThat(this.events.recent()).isEmpty();

		this.clock.advance(INTERVAL.plus(INTERVAL.dividedBy(5)));
		this.kubelet.publish(volume, Map.of());
		this.rotation.onRepublish(this.driver.republished.get(1));
		assertThat(this.target.resolve("password")).hasContent("v2");
		assertThat(this.events.recent().get(0).trigger()).isEqualTo(RotationTrigger.REPUBLISH);
	}

	@Test
	void onDemandRotatesAtOnceOnlyWhatTheFilterSelects() throws Exception {
		this.driver.writeSecretProviderClass("other", spc("other", Map.of()));
		Path other = this.kubelet.publish(PodVolume.of("default", "api-0", "secrets", "other"), Map.of());
		Files.writeString(this.driver.secretsDir.resolve("password"), "v2");

		List<RotationEvent> events = this.rotation.rotateNow((volume) -> volume.secretProviderClass().equals("app"));

		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.trigger()).isEqualTo(RotationTrigger.ON_DEMAND);
			assertThat(event.pod()).isEqualTo("web-0");
		});
		assertThat(this.target.resolve("password")).hasContent("v2");
		assertThat(other.resolve("password")).hasContent("v1");
	}

	@Test
	void aSecretProviderClassCanSetItsOwnIntervalAndRequestARotation() throws Exception {
		this.driver.writeSecretProviderClass("app",
				spc("app", Map.of(RotationReconciler.ROTATION_POLL_INTERVAL, "10s")));
		this.rotation.scheduledPass().join();
		Files.writeString(this.driver.secretsDir.resolve("password"), "v2");
		this.clock.advance(Duration.ofSeconds(12));
		assertThat(this.rotation.scheduledPass().join()).singleElement()
			.satisfies((event) -> assertThat(event.outcome()).isEqualTo(Outcome.ROTATED));

		Files.writeString(this.driver.secretsDir.resolve("password"), "v3");
		this.driver.writeSecretProviderClass("app", spc("app", Map.of(RotationReconciler.ROTATE_REQUESTED_AT, "t1")));
		Files.setLastModifiedTime(this.driver.spcDir.resolve("app.yaml"),
				java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(60)));
		assertThat(this.rotation.scheduledPass().join()).singleElement()
			.satisfies((event) -> assertThat(event.trigger()).isEqualTo(RotationTrigger.REQUESTED));
		assertThat(this.target.resolve("password")).hasContent("v3");
		assertThat(this.rotation.scheduledPass().join()).as("the same request acts once").isEmpty();
	}

	@Test
	void aFailingProviderLeavesTheLastGoodContentAndIsRetriedWithBackoff() throws Exception {
		this.driver.writeSecretProviderClass("flaky",
				spc("flaky", Map.of()).replace("provider: local", "provider: flaky"));
		Path flakyTarget = this.kubelet.publish(PodVolume.of("default", "job-0", "secrets", "flaky"), Map.of());
		this.flaky.failure = new RetryableProviderException("", "store unreachable");

		List<RotationEvent> failed = this.rotation.rotateNow((volume) -> volume.provider().equals("flaky"));

		assertThat(failed).singleElement().satisfies((event) -> {
			assertThat(event.outcome()).isEqualTo(Outcome.FAILED);
			assertThat(event.error()).contains("store unreachable");
			assertThat(event.errorType()).isEqualTo("ProviderError");
		});
		assertThat(flakyTarget.resolve("foo")).hasContent("secret");
		MountedVolume volume = this.driver.volumes.get(flakyTarget).orElseThrow();
		assertThat(volume.objectVersions()).hasSize(1);
		assertThat(
				this.driver.meters.get("rotation_reconcile_error").tag("error_type", "ProviderError").counter().count())
			.isOne();

		this.flaky.failure = null;
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(this.rotation.scheduledPass().join()).as("retried after 10 s, not after the interval")
			.filteredOn((event) -> event.provider().equals("flaky"))
			.singleElement()
			.satisfies((event) -> assertThat(event.outcome()).isEqualTo(Outcome.UNCHANGED));
	}

	@Test
	void eachDecisionSaysWhenTheVolumeIsDueNext() throws Exception {
		MountedVolume volume = this.driver.volumes.get(this.target).orElseThrow();
		Optional<SecretProviderClass> app = this.driver.secretProviderClasses.find("default", "app");
		Duration jitter = RotationLedger.jitter(this.target, INTERVAL);
		Instant firstSeen = this.clock.instant();

		RotationDecision notDue = this.reconciler.reconcile(volume, app, RotationTrigger.SCHEDULED);

		assertThat(notDue.event()).as("first sight starts the interval").isEmpty();
		assertThat(notDue.nextDue()).hasValue(firstSeen.plus(INTERVAL).plus(jitter));

		this.clock.advance(Duration.ofSeconds(1));
		RotationDecision checked = this.reconciler.reconcile(volume, app, RotationTrigger.ON_DEMAND);

		RotationEvent event = checked.event().orElseThrow();
		assertThat(event.outcome()).isEqualTo(Outcome.UNCHANGED);
		assertThat(checked.nextDue()).as("one interval and the jitter after the check")
			.hasValue(event.time().plus(INTERVAL).plus(jitter))
			.hasValue(this.reconciler.check(this.target).orElseThrow().nextDue());

		this.driver.writeSecretProviderClass("flaky",
				spc("flaky", Map.of()).replace("provider: local", "provider: flaky"));
		Path flakyTarget = this.kubelet.publish(PodVolume.of("default", "job-0", "secrets", "flaky"), Map.of());
		this.flaky.failure = new RetryableProviderException("", "store unreachable");
		RotationDecision failed = this.reconciler.reconcile(this.driver.volumes.get(flakyTarget).orElseThrow(),
				this.driver.secretProviderClasses.find("default", "flaky"), RotationTrigger.ON_DEMAND);

		assertThat(failed.event()).get().extracting(RotationEvent::outcome).isEqualTo(Outcome.FAILED);
		assertThat(failed.nextDue()).as("the first backoff").hasValue(failed.event().get().time().plusSeconds(10));
	}

	@Test
	void aHungStoreHoldsOnlyItsShareOfTheWorkersAndLaterPassesGoOnWithoutIt() throws Exception {
		RotationService rotation = service(2, 1);
		this.driver.writeSecretProviderClass("flaky",
				spc("flaky", Map.of()).replace("provider: local", "provider: flaky"));
		this.kubelet.publish(PodVolume.of("default", "job-0", "secrets", "flaky"), Map.of());
		this.kubelet.publish(PodVolume.of("default", "job-1", "secrets", "flaky"), Map.of());
		rotation.scheduledPass().join();
		this.flaky.calls.set(0);
		this.flaky.gate = new CountDownLatch(1);
		CompletableFuture<List<RotationEvent>> hung;
		try {
			this.clock.advance(INTERVAL.multipliedBy(2));
			hung = rotation.scheduledPass();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.flaky.calls.get() == 1);
			assertThat(hung).as("waits on the hung store").isNotDone();

			Files.writeString(this.driver.secretsDir.resolve("password"), "v2");
			this.clock.advance(INTERVAL.multipliedBy(2));
			List<RotationEvent> next = rotation.scheduledPass().get(10, TimeUnit.SECONDS);

			assertThat(next).as("the local volume, due again, rotates on the worker the hung store cannot take")
				.filteredOn((event) -> event.provider().equals("local"))
				.singleElement()
				.satisfies((event) -> assertThat(event.outcome()).isEqualTo(Outcome.ROTATED));
			assertThat(this.target.resolve("password")).hasContent("v2");
			assertThat(this.flaky.calls).as("the second flaky volume waits for its provider's share, not queued twice")
				.hasValue(1);
		}
		finally {
			this.flaky.gate.countDown();
		}
		assertThat(hung.get(10, TimeUnit.SECONDS)).as("once the store answers, each flaky volume is refreshed once")
			.filteredOn((event) -> event.provider().equals("flaky"))
			.extracting(RotationEvent::pod)
			.containsExactlyInAnyOrder("job-0", "job-1");
		assertThat(this.flaky.calls).hasValue(2);
	}

	@Test
	void publishesGoAheadWhileRotationsWaitForTheirStoresBudgetStalestFirst() throws Exception {
		RecordingProvider budgeted = new RecordingProvider("budgeted");
		try (TestDriver driver = new TestDriver(budgeted);
				KubeletClient kubelet = new KubeletClient(driver.socket, driver.kubeletRoot)) {
			driver.writeSecretProviderClass("b", spc("b", Map.of()).replace("provider: local", "provider: budgeted"));
			RotationReconciler reconciler = new RotationReconciler(driver.refresher, INTERVAL, List.of(), this.clock);
			RotationService rotation = new RotationService(reconciler, driver.volumes, driver.secretProviderClasses,
					Trigger.BOTH,
					new RotationQueue(this.pool, 2, 2, driver.budgets, new ConcurrentTaskScheduler(this.wakeUps)),
					(volume, spc) -> new StoreBudgets.Store(volume.provider(), ""));
			// a burst of 2, and the budget's clock stands still: the third publish leaves
			// it in debt
			for (String pod : List.of("b-0", "b-1", "b-2")) {
				kubelet.publish(PodVolume.of("default", pod, "secrets", "b"), Map.of());
			}
			rotation.scheduledPass().join();
			this.clock.advance(INTERVAL.multipliedBy(2));
			budgeted.calls.set(0);

			CompletableFuture<List<RotationEvent>> pass = rotation.scheduledPass();
			Path starting = kubelet.publish(PodVolume.of("default", "b-3", "secrets", "b"), Map.of());

			assertThat(starting.resolve("foo")).as("a pod starting does not wait").hasContent("secret");
			assertThat(budgeted.calls).as("rotations wait for the budget").hasValue(1);
			assertThat(pass).isNotDone();
			// long enough to fill the bucket to its burst (2): the three rotations then
			// all fit, whichever ends first
			driver.budgetClock.advance(Duration.ofSeconds(10));
			assertThat(pass.get(10, TimeUnit.SECONDS)).as("woken once the debt is paid")
				.extracting(RotationEvent::pod)
				.containsExactlyInAnyOrder("b-0", "b-1", "b-2");
			assertThat(driver.meters.get("secrets_store_store_budget_wait_seconds")
				.tag("provider", "budgeted")
				.counter()
				.count()).isPositive();
		}
	}

	@Test
	void podsOfOneServiceAccountShareOneProviderCallPerPassWhenTheProviderAllowsIt() throws Exception {
		this.driver.writeSecretProviderClass("flaky",
				spc("flaky", Map.of()).replace("provider: local", "provider: flaky"));
		Path first = this.kubelet.publish(PodVolume.of("default", "shop-0", "secrets", "flaky"), Map.of());
		Path second = this.kubelet.publish(PodVolume.of("default", "shop-1", "secrets", "flaky"), Map.of());
		Path other = this.kubelet
			.publish(new PodVolume("default", "api-0", "uid-api-0", "secrets", "flaky", "api", Map.of()), Map.of());
		this.flaky.sharesResponses = true;
		this.flaky.calls.set(0);

		List<RotationEvent> rotated = this.rotation.rotateNow((volume) -> volume.provider().equals("flaky"));

		// shop-0 and shop-1 differ only in the pod; api-0 runs as another service account
		assertThat(rotated).hasSize(3).allSatisfy((event) -> assertThat(event.outcome()).isNotEqualTo(Outcome.FAILED));
		assertThat(this.flaky.calls).hasValue(2);
		assertThat(first.resolve("foo")).hasContent("secret");
		assertThat(second.resolve("foo")).hasContent("secret");
		assertThat(other.resolve("foo")).hasContent("secret");

		this.flaky.sharesResponses = false;
		this.flaky.calls.set(0);
		this.rotation.rotateNow((volume) -> volume.provider().equals("flaky"));
		assertThat(this.flaky.calls).hasValue(3);
	}

	@Test
	void podsOfOneServiceAccountNeverShareADynamicCredentialAndShowItsLease() throws Exception {
		this.driver.writeSecretProviderClass("flaky",
				spc("flaky", Map.of()).replace("provider: local", "provider: flaky"));
		this.flaky.sharesResponses = true;
		Instant issued = Instant.parse("2026-11-28T00:00:00Z");
		Map<String, Integer> mounts = new ConcurrentHashMap<>();
		// each pod gets its own database user; every later mount renews that user's lease
		// by an hour
		this.flaky.responder = (request) -> {
			String pod = request.attributes().get(MountRequest.POD_NAME);
			int mount = mounts.merge(pod, 1, Integer::sum);
			byte[] user = ("v-" + pod).getBytes(StandardCharsets.UTF_8);
			return new MountResponse(List.of(new ObjectVersion("database/creds/shop", "hmac-of-" + pod)),
					List.of(new SecretFile("username", 0, user)), true,
					Map.of("database/creds/shop", issued.plus(Duration.ofHours(mount))));
		};
		Path first = this.kubelet.publish(PodVolume.of("default", "shop-0", "secrets", "flaky"), Map.of());
		Path second = this.kubelet.publish(PodVolume.of("default", "shop-1", "secrets", "flaky"), Map.of());
		this.flaky.calls.set(0);

		List<RotationEvent> rotated = this.rotation.rotateNow((volume) -> volume.provider().equals("flaky"));

		assertThat(rotated).hasSize(2).allSatisfy((event) -> assertThat(event.outcome()).isEqualTo(Outcome.UNCHANGED));
		assertThat(this.flaky.calls).as("one call per pod although the provider shares answers").hasValue(2);
		assertThat(first.resolve("username")).hasContent("v-shop-0");
		assertThat(second.resolve("username")).hasContent("v-shop-1");
		List<SecretMountsEndpoint.Mount> shown = new SecretMountsEndpoint(this.driver.volumes,
				new StaticListableBeanFactory().getBeanProvider(RotationReconciler.class))
			.mounts()
			.stream()
			.filter((mount) -> mount.provider().equals("flaky"))
			.toList();
		assertThat(shown).extracting(SecretMountsEndpoint.Mount::leaseExpiries)
			.as("the renewed leases, though the versions did not change")
			.containsOnly(Map.of("database/creds/shop", issued.plus(Duration.ofHours(2))));
	}

	@Test
	void aReaderNeverSeesAMissingEmptyOrMixedFileDuringRotations() throws Exception {
		Files.writeString(this.driver.secretsDir.resolve("user"), "user-0");
		Files.writeString(this.driver.secretsDir.resolve("password"), "pass-0");
		this.driver.writeSecretProviderClass("pair", """
				apiVersion: secrets-store.csi.x-k8s.io/v1
				kind: SecretProviderClass
				metadata: {name: pair}
				spec:
				  provider: local
				  parameters:
				    objects: |
				      - objectName: user
				      - objectName: password
				""");
		Path pair = this.kubelet.publish(PodVolume.of("default", "pair-0", "secrets", "pair"), Map.of());
		AtomicBoolean done = new AtomicBoolean();
		AtomicInteger reads = new AtomicInteger();
		Future<Integer> reader = Executors.newSingleThreadExecutor().submit(() -> {
			int last = 0;
			while (!done.get()) {
				String user = Files.readString(pair.resolve("user"));
				assertThat(user).matches("user-\\d+");
				int version = Integer.parseInt(user.substring("user-".length()));
				assertThat(version).as("never goes back").isGreaterThanOrEqualTo(last);
				last = version;
				reads.incrementAndGet();
			}
			return reads.get();
		});
		for (int i = 1; i <= 150; i++) {
			Files.writeString(this.driver.secretsDir.resolve("user"), "user-" + i);
			assertThat(this.rotation.rotateNow((volume) -> volume.secretProviderClass().equals("pair"))).singleElement()
				.satisfies((event) -> assertThat(event.outcome()).isEqualTo(Outcome.ROTATED));
			// the writer keeps one replaced generation: pace so that no single read spans
			// two swaps
			int before = reads.get();
			await().pollInterval(Duration.ofMillis(1))
				.atMost(Duration.ofSeconds(10))
				.until(() -> reads.get() >= before + 2 || reader.isDone());
		}
		done.set(true);
		assertThat(reader.get()).isPositive();
		assertThat(pair.resolve("user")).hasContent("user-150");
	}

	private static String spc(String name, Map<String, String> annotations) {
		StringBuilder yaml = new StringBuilder("apiVersion: secrets-store.csi.x-k8s.io/v1\nkind: SecretProviderClass\n"
				+ "metadata:\n  name: " + name + "\n");
		if (!annotations.isEmpty()) {
			yaml.append("  annotations:\n");
			annotations
				.forEach((key, value) -> yaml.append("    ").append(key).append(": \"").append(value).append("\"\n"));
		}
		return yaml.append("""
				spec:
				  provider: local
				  parameters:
				    objects: |
				      - objectName: password
				""").toString();
	}

}
