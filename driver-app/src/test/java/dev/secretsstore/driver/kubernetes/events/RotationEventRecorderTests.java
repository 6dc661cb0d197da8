package dev.secretsstore.driver.kubernetes.events;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.rotation.RotationEvent.Outcome;
import dev.secretsstore.driver.rotation.RotationTrigger;
import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.driver.testing.MutableClock;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

@ExtendWith(OutputCaptureExtension.class)
class RotationEventRecorderTests {

	private static final String NAMESPACE = "apps";

	private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

	private final KubernetesApiDouble server = KubernetesApiDouble.start();

	private final MutableClock clock = new MutableClock(START);

	private final RotationEventRecorder recorder = new RotationEventRecorder(
			new PodEvents(this.server.core(), RotationEventRecorder.COMPONENT, this.clock));

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void aRotationCreatesANormalEventOnThePod() throws Exception {
		this.recorder.onRotation(event("web-0", Outcome.ROTATED, null));

		assertThat(events()).singleElement().satisfies((event) -> {
			assertThat(event.getType()).isEqualTo("Normal");
			assertThat(event.getReason()).isEqualTo("MountRotationComplete");
			assertThat(event.getMessage()).isEqualTo("successfully rotated mounted contents for spc apps/db");
			assertThat(event.getSource().getComponent()).isEqualTo("csi-secrets-store-rotation");
			assertThat(event.getReportingComponent()).isEqualTo("csi-secrets-store-rotation");
			assertThat(event.getCount()).isEqualTo(1);
			assertThat(event.getFirstTimestamp()).isEqualTo(utc(START));
			assertThat(event.getLastTimestamp()).isEqualTo(utc(START));
			assertThat(event.getMetadata().getName()).startsWith("web-0.");
			assertThat(event.getInvolvedObject().getKind()).isEqualTo("Pod");
			assertThat(event.getInvolvedObject().getApiVersion()).isEqualTo("v1");
			assertThat(event.getInvolvedObject().getNamespace()).isEqualTo(NAMESPACE);
			assertThat(event.getInvolvedObject().getName()).isEqualTo("web-0");
			assertThat(event.getInvolvedObject().getUid()).isEqualTo(uidOf("web-0"));
		});
	}

	@Test
	void anIdenticalEventWithinTenMinutesRaisesTheCount() throws Exception {
		this.recorder.onRotation(event("web-0", Outcome.ROTATED, null));
		this.clock.advance(Duration.ofMinutes(9));
		this.recorder.onRotation(event("web-0", Outcome.ROTATED, null));

		assertThat(events()).singleElement().satisfies((event) -> {
			assertThat(event.getCount()).isEqualTo(2);
			assertThat(event.getFirstTimestamp()).isEqualTo(utc(START));
			assertThat(event.getLastTimestamp()).isEqualTo(utc(START.plus(Duration.ofMinutes(9))));
		});
	}

	@Test
	void anIdenticalEventAfterTenMinutesIsANewEvent() throws Exception {
		this.recorder.onRotation(event("web-0", Outcome.ROTATED, null));
		this.clock.advance(Duration.ofMinutes(10));
		this.recorder.onRotation(event("web-0", Outcome.ROTATED, null));

		assertThat(events()).hasSize(2).allSatisfy((event) -> assertThat(event.getCount()).isOne());
	}

	@Test
	void eventsOnOtherPodsAreNotAggregated() throws Exception {
		this.recorder.onRotation(event("web-0", Outcome.ROTATED, null));
		this.recorder.onRotation(event("web-1", Outcome.ROTATED, null));

		assertThat(events()).extracting((event) -> event.getInvolvedObject().getName())
			.containsExactlyInAnyOrder("web-0", "web-1");
	}

	@Test
	void aDeletedEventIsCreatedAnewInsteadOfUpdated() throws Exception {
		this.recorder.onRotation(event("web-0", Outcome.ROTATED, null));
		String first = events().get(0).getMetadata().getName();
		this.server.core().deleteNamespacedEvent(first, NAMESPACE).execute();
		this.clock.advance(Duration.ofSeconds(1));

		this.recorder.onRotation(event("web-0", Outcome.ROTATED, null));

		assertThat(events()).singleElement().satisfies((event) -> {
			assertThat(event.getMetadata().getName()).isNotEqualTo(first);
			assertThat(event.getCount()).isOne();
		});
	}

	@Test
	void aFailureCreatesAWarningWithTheError() throws Exception {
		this.recorder.onRotation(event("web-0", Outcome.FAILED, "provider vault is not running"));

		assertThat(events()).singleElement().satisfies((event) -> {
			assertThat(event.getType()).isEqualTo("Warning");
			assertThat(event.getReason()).isEqualTo("MountRotationFailed");
			assertThat(event.getMessage())
				.isEqualTo("failed to rotate mounted contents for spc apps/db: provider vault is not running");
			assertThat(event.getInvolvedObject().getName()).isEqualTo("web-0");
			assertThat(event.getInvolvedObject().getUid()).isEqualTo(uidOf("web-0"));
		});
	}

	@Test
	void aRotationWhoseRecordFailedIsAWarningThatSaysSo() throws Exception {
		this.recorder.onRotation(event("web-0", Outcome.ROTATED,
				"the new content is mounted, but its record was not updated (retried at the next rotation): full"));

		assertThat(events()).singleElement().satisfies((event) -> {
			assertThat(event.getType()).isEqualTo("Warning");
			assertThat(event.getReason()).isEqualTo("MountRotationComplete");
			assertThat(event.getMessage()).isEqualTo("rotated mounted contents for spc apps/db: the new content is "
					+ "mounted, but its record was not updated (retried at the next rotation): full");
		});
	}

	@Test
	void anUnchangedRotationMakesNoRequest() throws Exception {
		int before = this.server.requestCount();

		this.recorder.onRotation(event("web-0", Outcome.UNCHANGED, null));

		assertThat(this.server.requestCount()).isEqualTo(before);
		assertThat(events()).isEmpty();
	}

	@Test
	void anUnreachableApiServerNeitherThrowsNorLogsTwice(CapturedOutput output) throws Exception {
		RotationEventRecorder unreachable = new RotationEventRecorder(
				new PodEvents(new CoreV1Api(new ApiClient().setBasePath("http://127.0.0.1:" + closedPort())),
						RotationEventRecorder.COMPONENT, this.clock));

		assertThatNoException().isThrownBy(() -> {
			unreachable.onRotation(event("web-0", Outcome.ROTATED, null));
			unreachable.onRotation(event("web-0", Outcome.ROTATED, null));
		});

		assertThat(output.getOut().split("Could not create Event", -1)).hasSize(2);
	}

	private List<CoreV1Event> events() throws ApiException {
		return this.server.core().listNamespacedEvent(NAMESPACE).execute().getItems();
	}

	private static RotationEvent event(String pod, Outcome outcome, String error) {
		return new RotationEvent(START, NAMESPACE, pod, uidOf(pod), "db", "vault",
				Path.of("/pods/uid/volumes/v/mount").toString(), RotationTrigger.SCHEDULED, outcome, List.of(),
				(error != null) ? "ProviderError" : null, error, Duration.ofMillis(5));
	}

	private static String uidOf(String pod) {
		return "uid-of-" + pod;
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
