package dev.secretsstore.driver.expiry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.testing.StandaloneApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Expiry awareness in the whole driver, standalone, with the local provider and rotation
 * every hour: a volume published over the CSI socket with a PEM chain that expires in
 * five minutes, a base64 PFX and a password. The near expiry is a WARN line at the
 * publish; the volume is refreshed long before its hour because of it, which mounts the
 * renewed certificate the store holds by then; Actuator's Prometheus endpoint shows
 * seconds until each certificate expires, by file name, and nothing once the volume is
 * unpublished.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExpiryEndToEndTests {

	private static final Pattern SERIES = Pattern.compile("secrets_store_object_expiry_seconds\\{([^}]*)\\} (\\S+)");

	private final HttpClient http = HttpClient.newHttpClient();

	private Path root;

	private ConfigurableApplicationContext application;

	private KubeletClient kubelet;

	private KeyPair caKeys;

	@BeforeEach
	void start() throws Exception {
		this.root = StandaloneApplication.createRoot("expiry");
		this.caKeys = Certificates.keys();
		Files.writeString(this.root.resolve("spc/app.yaml"), """
				apiVersion: secrets-store.csi.x-k8s.io/v1
				kind: SecretProviderClass
				metadata: {name: app, namespace: default}
				spec:
				  provider: local
				  parameters:
				    objects: |
				      - objectName: tls.pem
				      - objectName: cert.pfx
				      - objectName: password
				""");
		this.application = StandaloneApplication.start(this.root, Map.of("secrets-store.rotation.enabled", "true",
				"secrets-store.rotation.poll-interval", "1h", "secrets-store.expiry.shortest-recheck", "2s"));
		this.kubelet = new KubeletClient(this.root.resolve("csi.sock"), this.root.resolve("kubelet"));
	}

	@AfterEach
	void stop() throws IOException {
		if (this.kubelet != null) {
			this.kubelet.close();
		}
		if (this.application != null) {
			this.application.close();
		}
		StandaloneApplication.unmountAndDelete(this.root);
	}

	@Test
	void aCertificateNearExpiryIsWarnedOfRotatedAheadOfTheIntervalAndMeasured(CapturedOutput output) throws Exception {
		Instant expiring = Certificates.seconds(Instant.now().plus(Duration.ofMinutes(5)));
		String expiringPem = leafAndCa("expiring.private.example", expiring);
		Files.writeString(this.root.resolve("secrets/tls.pem"), expiringPem);
		KeyPair pfxKeys = Certificates.keys();
		Instant pfxExpires = Certificates.seconds(Instant.now().plus(Duration.ofDays(90)));
		Files.writeString(this.root.resolve("secrets/cert.pfx"), Certificates
			.base64(Certificates.pfx(pfxKeys, Certificates.selfSigned("pfx.private.example", pfxKeys, pfxExpires))));
		Files.writeString(this.root.resolve("secrets/password"), "hunter2");
		PodVolume volume = PodVolume.of("default", "web-0", "secrets", "app");

		Path target = this.kubelet.publish(volume, Map.of());
		// the store renews the certificate; only a rotation ahead of the hour brings it
		// to the pod
		Instant renewed = Certificates.seconds(Instant.now().plus(Duration.ofDays(30)));
		String renewedPem = leafAndCa("renewed.private.example", renewed);
		Files.writeString(this.root.resolve("secrets/tls.pem"), renewedPem);

		String warning = "SecretObjectNearExpiry for pod default/web-0: certificate in file tls.pem of spc default/app "
				+ "expires at " + expiring;
		assertThat(output.getOut()).contains(warning);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(target.resolve("tls.pem")).as("rotated within seconds, not an hour")
				.hasContent(renewedPem));
		// the event is recorded right after the files are swapped
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("/actuator/rotations")).contains("\"trigger\":\"CERTIFICATE_EXPIRY\""));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Map<String, Double> series = expirySeries();
			assertThat(series).containsOnlyKeys("tls.pem", "cert.pfx");
			assertThat(series.get("tls.pem")).isBetween(secondsUntil(renewed) - 60, secondsUntil(renewed) + 1);
		});
		assertThat(expirySeries().get("cert.pfx")).isBetween(secondsUntil(pfxExpires) - 60,
				secondsUntil(pfxExpires) + 1);
		assertThat(get("/actuator/prometheus")).contains("provider=\"local\"")
			.contains("secret_provider_class=\"app\"")
			.contains("namespace=\"default\"");
		assertThat(output.getOut().split(Pattern.quote(warning), -1)).as("warned of once").hasSize(2);
		assertThat(output.getOut()).as("the renewed certificate is not near expiry")
			.doesNotContain("expires at " + renewed)
			.as("no subject, no content")
			.doesNotContain("private.example")
			.doesNotContain(expiringPem.lines().skip(2).findFirst().orElseThrow())
			.doesNotContain("hunter2");

		this.kubelet.unpublish(volume);
		assertThat(expirySeries()).isEmpty();
	}

	private String leafAndCa(String name, Instant notAfter) throws Exception {
		KeyPair keys = Certificates.keys();
		X509Certificate ca = Certificates.selfSigned("ca.private.example", this.caKeys,
				Instant.now().plus(Duration.ofDays(3650)));
		return Certificates
			.pem(Certificates.certificate(name, keys, notAfter, "ca.private.example", this.caKeys, false), ca);
	}

	private static double secondsUntil(Instant instant) {
		return Duration.between(Instant.now(), instant).toSeconds();
	}

	/** The expiry gauge's series, by object, as Prometheus scrapes them. */
	private Map<String, Double> expirySeries() throws Exception {
		Map<String, Double> series = new java.util.TreeMap<>();
		Matcher matcher = SERIES.matcher(get("/actuator/prometheus"));
		while (matcher.find()) {
			Matcher object = Pattern.compile("object=\"([^\"]*)\"").matcher(matcher.group(1));
			assertThat(object.find()).isTrue();
			series.put(object.group(1), Double.parseDouble(matcher.group(2)));
		}
		return series;
	}

	private String get(String actuatorPath) throws Exception {
		String port = this.application.getEnvironment().getProperty("local.server.port");
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + actuatorPath)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
