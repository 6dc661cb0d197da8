package dev.secretsstore.driver.expiry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.kubernetes.events.PodEvents;
import dev.secretsstore.driver.kubernetes.events.RotationEventRecorder;
import dev.secretsstore.driver.mount.atomic.AtomicWriter;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.driver.testing.MutableClock;
import dev.secretsstore.provider.SecretFile;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cluster mode: a certificate near expiry is one Warning Event on the pod, through the
 * driver's Events code, over HTTP to an API server double; it names the file and the
 * dates, never the certificate's subject.
 */
class PodEventExpiryWarningsTests {

	private final KubernetesApiDouble server = KubernetesApiDouble.start();

	private final MutableClock clock = new MutableClock(Instant.now());

	@TempDir
	Path root;

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void aCertificateNearExpiryIsOneWarningEventOnThePod() throws Exception {
		CertificateExpiry expiry = new CertificateExpiry(
				new PodEventExpiryWarnings(
						new PodEvents(this.server.core(), RotationEventRecorder.COMPONENT, this.clock)),
				new ExpiryGauges(new SimpleMeterRegistry(), this.clock), Duration.ofDays(7), Duration.ofMinutes(1),
				this.clock);
		Path target = this.root.resolve("pods/uid-1/volumes/kubernetes.io~csi/secrets/mount");
		Files.createDirectories(target);
		KeyPair keys = Certificates.keys();
		Instant notAfter = Certificates.seconds(this.clock.instant().plus(Duration.ofDays(2)));
		new AtomicWriter(target).write(List.of(new SecretFile("tls.crt", 0644,
				Certificates.pem(Certificates.selfSigned("private.example", keys, notAfter))
					.getBytes(StandardCharsets.US_ASCII))));
		MountedVolume volume = new MountedVolume("csi-1", target, new PodRef("apps", "web-0", "uid-1"), "tls", "azure",
				Map.of(), List.of());

		expiry.contentFetched(volume, null, true);
		this.clock.advance(Duration.ofMinutes(2));
		expiry.contentFetched(volume, null, false);
		expiry.warnNearExpiry();

		List<CoreV1Event> events = this.server.core().listNamespacedEvent("apps").execute().getItems();
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.getType()).isEqualTo("Warning");
			assertThat(event.getReason()).isEqualTo("SecretObjectNearExpiry");
			assertThat(event.getCount()).isEqualTo(1);
			assertThat(event.getInvolvedObject().getName()).isEqualTo("web-0");
			assertThat(event.getInvolvedObject().getUid()).isEqualTo("uid-1");
			assertThat(event.getMessage())
				.startsWith("certificate in file tls.crt of spc apps/tls expires at " + notAfter + " (in 1d23h")
				.doesNotContain("private.example");
		});
	}

}
