package dev.secretsstore.driver.expiry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.mount.atomic.AtomicWriter;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.driver.testing.MutableClock;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.SecretFile;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link CertificateExpiry} keeps of real files written with the atomic-writer
 * layout: the gauge, the warnings and the deadline rotation asks for, by file path only.
 */
class CertificateExpiryTests {

	private static final Duration WARN_BEFORE = Duration.ofDays(7);

	private final MutableClock clock = new MutableClock(Instant.now());

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<String> warnings = new ArrayList<>();

	private final CertificateExpiry expiry = new CertificateExpiry(
			(volume, file, notAfter, left) -> this.warnings.add(volume.pod() + " " + file + " " + notAfter),
			new ExpiryGauges(this.meters, this.clock), WARN_BEFORE, Duration.ofMinutes(1), this.clock);

	@TempDir
	Path root;

	@Test
	void theGaugeShowsSecondsUntilEachCertificateFileExpiresAndNothingOfOtherFiles() throws Exception {
		Instant pemExpires = inDays(30);
		Instant pfxExpires = inDays(90);
		KeyPair keys = Certificates.keys();
		MountedVolume volume = volume("web-0", "app");
		write(volume,
				Map.of("tls/chain.pem", pem(pemExpires), "cert.pfx",
						Certificates.base64(Certificates.pfx(keys, Certificates.selfSigned("pfx", keys, pfxExpires))),
						"password", "hunter2"));

		this.expiry.contentFetched(volume, null, true);

		assertThat(secondsLeft("tls/chain.pem"))
			.isEqualTo(Duration.between(this.clock.instant(), pemExpires).toMillis() / 1000.0);
		assertThat(secondsLeft("cert.pfx"))
			.isEqualTo(Duration.between(this.clock.instant(), pfxExpires).toMillis() / 1000.0);
		assertThat(this.meters.find(ExpiryGauges.NAME).gauges()).hasSize(2);
		assertThat(this.meters.find(ExpiryGauges.NAME).tag("object", "password").gauge()).isNull();
		Gauge gauge = this.meters.get(ExpiryGauges.NAME).tag("object", "cert.pfx").gauge();
		assertThat(gauge.getId().getTag("provider")).isEqualTo("local");
		assertThat(gauge.getId().getTag("secret_provider_class")).isEqualTo("app");
		assertThat(gauge.getId().getTag("namespace")).isEqualTo("default");
		assertThat(gauge.getId().getTags()).as("no pod: pods of one class share a series").hasSize(4);

		this.clock.advance(Duration.ofDays(40));
		assertThat(secondsLeft("tls/chain.pem")).as("negative once expired")
			.isEqualTo(Duration.between(this.clock.instant(), pemExpires).toMillis() / 1000.0)
			.isNegative();
		assertThat(this.expiry.soonestExpiry(volume.targetPath())).hasValue(pemExpires);
	}

	@Test
	void aSeriesGoesWhenItsFileStopsBeingACertificateOrItsVolumeIsUnpublished() throws Exception {
		MountedVolume volume = volume("web-0", "app");
		write(volume, Map.of("a.pem", pem(inDays(30)), "b.pem", pem(inDays(60))));
		this.expiry.contentFetched(volume, null, true);
		assertThat(this.meters.find(ExpiryGauges.NAME).gauges()).hasSize(2);

		write(volume, Map.of("a.pem", "not a certificate any more", "b.pem", pem(inDays(60))));
		this.expiry.contentFetched(volume, null, true);
		assertThat(this.meters.find(ExpiryGauges.NAME).gauges()).singleElement()
			.satisfies((gauge) -> assertThat(gauge.getId().getTag("object")).isEqualTo("b.pem"));
		assertThat(this.expiry.soonestExpiry(volume.targetPath())).hasValue(inDays(60));

		this.expiry.volumeRemoved(volume);
		assertThat(this.meters.find(ExpiryGauges.NAME).gauges()).isEmpty();
		assertThat(this.expiry.soonestExpiry(volume.targetPath())).isEmpty();
	}

	@Test
	void podsOfOneClassShareASeriesThatShowsTheSoonestExpiry() throws Exception {
		MountedVolume web0 = volume("web-0", "app");
		MountedVolume web1 = volume("web-1", "app");
		write(web0, Map.of("tls.pem", pem(inDays(30))));
		write(web1, Map.of("tls.pem", pem(inDays(20))));
		this.expiry.contentFetched(web0, null, true);
		this.expiry.contentFetched(web1, null, true);

		assertThat(this.meters.find(ExpiryGauges.NAME).gauges()).hasSize(1);
		assertThat(secondsLeft("tls.pem")).isEqualTo(Duration.between(this.clock.instant(), inDays(20)).toSeconds(),
				org.assertj.core.data.Offset.offset(1.0));

		this.expiry.volumeRemoved(web1);
		assertThat(secondsLeft("tls.pem")).isEqualTo(Duration.between(this.clock.instant(), inDays(30)).toSeconds(),
				org.assertj.core.data.Offset.offset(1.0));
	}

	@Test
	void unchangedContentIsNotReadAgain() throws Exception {
		MountedVolume volume = volume("web-0", "app");
		write(volume, Map.of("tls.pem", pem(inDays(30))));
		this.expiry.contentFetched(volume, null, true);
		// written behind the listener's back, as no refresh would: an unchanged pass must
		// not read the files
		write(volume, Map.of("tls.pem", pem(inDays(50))));

		this.expiry.contentFetched(volume, null, false);
		assertThat(this.expiry.soonestExpiry(volume.targetPath())).hasValue(inDays(30));

		this.expiry.contentFetched(volume, null, true);
		assertThat(this.expiry.soonestExpiry(volume.targetPath())).hasValue(inDays(50));
	}

	@Test
	void aVolumeFirstHeardOfUnchangedIsReadOnceAsAreVolumesRestoredAtStart() throws Exception {
		MountedVolume heard = volume("web-0", "app");
		MountedVolume restored = volume("web-1", "app");
		write(heard, Map.of("tls.pem", pem(inDays(30))));
		write(restored, Map.of("tls.pem", pem(inDays(20))));

		this.expiry.contentFetched(heard, null, false);
		this.expiry.restored(List.of(restored));

		assertThat(this.expiry.soonestExpiry(heard.targetPath())).hasValue(inDays(30));
		assertThat(this.expiry.soonestExpiry(restored.targetPath())).hasValue(inDays(20));
	}

	@Test
	void aCertificateNearExpiryIsWarnedOfOncePerVersion() throws Exception {
		MountedVolume volume = volume("web-0", "app");
		Instant soon = inDays(3);
		write(volume, Map.of("tls.pem", pem(soon), "far.pem", pem(inDays(300))));

		this.expiry.contentFetched(volume, null, true);
		this.expiry.contentFetched(volume, null, false);
		this.expiry.warnNearExpiry();
		assertThat(this.warnings).containsExactly("default/web-0 tls.pem " + soon);

		Instant renewedButSoon = inDays(5);
		write(volume, Map.of("tls.pem", pem(renewedButSoon), "far.pem", pem(inDays(300))));
		this.expiry.contentFetched(volume, null, true);
		this.expiry.contentFetched(volume, null, true);
		assertThat(this.warnings).as("a new certificate is a new version")
			.containsExactly("default/web-0 tls.pem " + soon, "default/web-0 tls.pem " + renewedButSoon);
	}

	@Test
	void aCertificateThatComesNearExpiryWithoutAnyChangeIsWarnedOfByTheSweep() throws Exception {
		MountedVolume volume = volume("web-0", "app");
		Instant expires = inDays(10);
		write(volume, Map.of("tls.pem", pem(expires)));
		this.expiry.contentFetched(volume, null, true);
		this.expiry.warnNearExpiry();
		assertThat(this.warnings).isEmpty();

		this.clock.advance(Duration.ofDays(3).plusSeconds(1));
		this.expiry.warnNearExpiry();
		this.expiry.warnNearExpiry();

		assertThat(this.warnings).containsExactly("default/web-0 tls.pem " + expires);
	}

	@Test
	void theWarningNamesTheFileAndDatesOnly() {
		MountedVolume volume = volume("web-0", "app");
		Instant notAfter = Instant.parse("2026-12-01T00:00:00Z");
		assertThat(ExpiryWarnings.message(volume, "tls.pem", notAfter, Duration.ofHours(50)))
			.isEqualTo("certificate in file tls.pem of spc default/app expires at 2026-12-01T00:00:00Z (in 2d2h)");
		assertThat(ExpiryWarnings.message(volume, "tls.pem", notAfter, Duration.ofMinutes(-5)))
			.isEqualTo("certificate in file tls.pem of spc default/app expired at 2026-12-01T00:00:00Z; "
					+ "it is still mounted");
	}

	private Instant inDays(int days) {
		return Certificates.seconds(this.clock.instant().plus(Duration.ofDays(days)));
	}

	private double secondsLeft(String object) {
		return this.meters.get(ExpiryGauges.NAME).tag("object", object).gauge().value();
	}

	private static String pem(Instant notAfter) throws Exception {
		KeyPair keys = Certificates.keys();
		return Certificates.pem(Certificates.selfSigned("test", keys, notAfter));
	}

	private MountedVolume volume(String pod, String spc) {
		Path target = this.root.resolve("pods/uid-" + pod + "/volumes/kubernetes.io~csi/secrets/mount");
		return new MountedVolume("csi-" + pod, target, new PodRef("default", pod, "uid-" + pod), spc, "local", Map.of(),
				List.of(new ObjectVersion("file/tls", "1")));
	}

	private static void write(MountedVolume volume, Map<String, String> files) throws Exception {
		Files.createDirectories(volume.targetPath());
		List<SecretFile> payload = new ArrayList<>();
		new LinkedHashMap<>(files).forEach((path, content) -> payload
			.add(new SecretFile(path, 0644, content.getBytes(StandardCharsets.US_ASCII))));
		new AtomicWriter(volume.targetPath()).write(payload);
	}

}
