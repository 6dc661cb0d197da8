package dev.secretsstore.driver;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.secretsstore.driver.csi.v1.NodeGrpc;
import dev.secretsstore.driver.csi.v1.NodeUnpublishVolumeRequest;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.logging.EscapingLogbackLoggingSystem;
import dev.secretsstore.driver.testing.StandaloneApplication;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console log as the driver configures it, in text and in JSON: a volume id that
 * carries a newline and a whole log line after it, a carriage return, an ANSI escape and
 * a C1 control, and an exception message with a newline, cannot forge a line or reach the
 * terminal raw.
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
		StandaloneApplication.delete(this.root);
	}

	@Test
	void aRequestsVolumeIdCannotForgeALine(CapturedOutput output) throws Exception {
		this.application = StandaloneApplication.start(this.root, Map.of());

		unpublish(VOLUME_ID);

		assertThat(output.getOut()).contains("Unmounted volume csi-1\\n" + FORGED + "\\r\\u001b[2K\\u0085end from")
			.doesNotContain("\u001b", "\r", "\u0085");
		assertNoLineStartsForged(output);
	}

	/**
	 * What {@link EscapingLogbackLoggingSystem} does to a logger context, in one of its
	 * own: Boot configures logging once per JVM while an application lives, so another
	 * test's cached application would decide the format of an application started here. A
	 * pattern appender escapes; a structured (JSON) one is left to escape by itself.
	 */
	@Test
	void textAppendersEscapeAndJsonOnesAreLeftAlone(CapturedOutput output) {
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(new LogbackMDCAdapter());
		context.putObject(Environment.class.getName(), new StandardEnvironment());
		PatternLayoutEncoder text = new PatternLayoutEncoder();
		text.setPattern("%d %5p %logger : %m%n%wEx");
		StructuredLogEncoder json = new StructuredLogEncoder();
		json.setFormat("ecs");
		attach(context, "TEXT", text);
		attach(context, "JSON", json);

		EscapingLogbackLoggingSystem.escapeTextLogs(context);

		context.getLogger("d.s.driver.volume.VolumePublisher")
			.info("Unmounted volume {} from {}", VOLUME_ID, "/var/lib/kubelet/pods/x/mount",
					new IllegalStateException("failed\n" + FORGED));
		context.stop();
		List<String> unmounted = lines(output).stream()
			.filter((line) -> line.contains("Unmounted volume csi-1"))
			.toList();
		assertThat(unmounted).hasSize(2).allSatisfy((line) -> assertThat(line).contains("csi-1\\n" + FORGED));
		assertThat(unmounted).filteredOn((line) -> line.startsWith("{")).hasSize(1);
		assertThat(output.getOut()).contains("failed\\n" + FORGED).doesNotContain("\u001b", "\r", "\u0085");
		assertNoLineStartsForged(output);
	}

	private static void attach(LoggerContext context, String name, Encoder<ILoggingEvent> encoder) {
		encoder.setContext(context);
		encoder.start();
		ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
		appender.setName(name);
		appender.setContext(context);
		appender.setEncoder(encoder);
		appender.start();
		context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
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

}
