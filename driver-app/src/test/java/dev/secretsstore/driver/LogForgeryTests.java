package dev.secretsstore.driver;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.csi.v1.NodeGrpc;
import dev.secretsstore.driver.csi.v1.NodeUnpublishVolumeRequest;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.testing.StandaloneApplication;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application's console log, as configured by logback-spring.xml, in text and in JSON: a volume id that
 * carries a newline and a whole log line after it, a carriage return, an ANSI escape and a C1 control, cannot forge
 * a line or reach the terminal raw.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogForgeryTests {

	private static final String FORGED_START = "2030-01-01T00:00:00.000Z";

	private static final String FORGED = FORGED_START + "  INFO 1 --- [secrets-store-csi-driver] [main] "
			+ "d.s.driver.volume.VolumePublisher        : Unmounted volume csi-9 from /var/lib/kubelet/pods/x/"
			+ "volumes/kubernetes.io~csi/y/mount";

	// under the 256 characters a quoted volume id is cut to
	private static final String VOLUME_ID = "csi-1\n" + FORGED + "\r\u001b[2K\u0085end";

	private Path root;

	private ConfigurableApplicationContext application;

	@BeforeEach
	void createRoot() throws Exception {
		this.root = StandaloneApplication.createRoot("logs");
	}

	@AfterEach
	void stop() throws Exception {
		if (this.application != null) {
			this.application.close();
		}
		// Boot leaves the structured format in this system property, and a later application in this JVM would log
		// JSON too
		System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
		StandaloneApplication.delete(this.root);
	}

	@Test
	void aTextLogEscapesControlCharacters(CapturedOutput output) throws Exception {
		start(false);

		unpublish(VOLUME_ID);

		assertThat(output.getOut()).contains("Unmounted volume csi-1\\n" + FORGED + "\\r\\u001b[2K\\u0085end from")
			.doesNotContain("\u001b", "\r", "\u0085");
		assertNoLineStartsForged(output);
	}

	@Test
	void aJsonLogEscapesThemToo(CapturedOutput output) throws Exception {
		start(true);

		unpublish(VOLUME_ID);

		List<String> unmounted = lines(output).stream().filter((line) -> line.contains("Unmounted volume")).toList();
		assertThat(unmounted).singleElement()
			.satisfies((line) -> assertThat(line).startsWith("{").contains("csi-1\\n" + FORGED));
		assertThat(output.getOut()).doesNotContain("\u001b", "\r");
		assertNoLineStartsForged(output);
	}

	private static void assertNoLineStartsForged(CapturedOutput output) {
		assertThat(lines(output)).as("log lines").isNotEmpty().noneMatch((line) -> line.startsWith(FORGED_START));
	}

	private static List<String> lines(CapturedOutput output) {
		return Arrays.asList(output.getOut().split("\n"));
	}

	private void unpublish(String volumeId) {
		ManagedChannel channel = Grpc
			.newChannelBuilder("unix://" + this.root.resolve("csi.sock"), InsecureChannelCredentials.create())
			.build();
		try {
			Path target = PodVolume.of("default", "web-0", "secrets", "app").targetPath(this.root.resolve("kubelet"));
			NodeGrpc.newBlockingStub(channel)
				.nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder()
					.setVolumeId(volumeId)
					.setTargetPath(target.toString())
					.build());
		}
		finally {
			channel.shutdownNow();
		}
	}

	private void start(boolean json) {
		this.application = StandaloneApplication.start(this.root,
				Map.of("secrets-store.log.format-json", String.valueOf(json)));
	}

}
