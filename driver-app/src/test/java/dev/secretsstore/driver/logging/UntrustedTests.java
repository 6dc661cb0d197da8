package dev.secretsstore.driver.logging;

import java.io.IOException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Untrusted} and the escaping converters; the whole log is in
 * {@code LogForgeryTests}.
 */
class UntrustedTests {

	@Test
	void escapesEveryControlCharacterAndLeavesTheRest() {
		assertThat(Untrusted.escape("a\nb\rc\td\u0000e\u001b[31mf\u007fg\u0085h\u009fi\u2028j\u2029k"))
			.isEqualTo("a\\nb\\rc\\td\\u0000e\\u001b[31mf\\u007fg\\u0085h\\u009fi\\u2028j\\u2029k");
		String plain = "/var/lib/kubelet/pods/ü/\\n ok";
		assertThat(Untrusted.escape(plain)).isSameAs(plain);
		assertThat(Untrusted.escape(null)).isNull();
	}

	@Test
	void boundsToTheLimitWithTheLength() {
		String huge = "x".repeat(1000);
		assertThat(Untrusted.bound(huge)).isEqualTo("x".repeat(256) + "... (1000 characters)");
		assertThat(Untrusted.bound("x".repeat(256))).hasSize(256);
		assertThat(Untrusted.bound(null)).isNull();
		String surrogateAtTheCut = "x".repeat(255) + "\uD83D\uDE00" + "x".repeat(10);
		assertThat(Untrusted.bound(surrogateAtTheCut)).isEqualTo("x".repeat(255) + "... (267 characters)");
	}

	@Test
	void theMessageConverterEscapesArgumentsAndTheMessage() {
		LoggerContext context = new LoggerContext();
		LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("test"), Level.INFO,
				"Unmounted volume {}\n", null, new Object[] { "v\nFORGED" });

		assertThat(new EscapedMessageConverter().convert(event)).isEqualTo("Unmounted volume v\\nFORGED\\n");
	}

	@Test
	void bootsReportOfAFailedStartKeepsItsLines() {
		LoggerContext context = new LoggerContext();
		LoggingEvent event = new LoggingEvent(getClass().getName(),
				context.getLogger("org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter"), Level.ERROR,
				"\n\nAPPLICATION FAILED TO START\n", null, null);

		assertThat(new EscapedMessageConverter().convert(event)).isEqualTo("\n\nAPPLICATION FAILED TO START\n");
	}

	@Test
	void theThrowableConverterEscapesMessagesOfTheExceptionItsCausesAndSuppressedAndKeepsFramesOnLines() {
		LoggerContext context = new LoggerContext();
		IOException cause = new IOException("cause\nFORGED-CAUSE");
		IllegalStateException failure = new IllegalStateException("failed\r\nFORGED", cause);
		failure.addSuppressed(new IOException("suppressed\nFORGED-SUPPRESSED"));
		LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("test"), Level.ERROR, "x",
				failure, null);
		EscapedThrowableConverter converter = new EscapedThrowableConverter();
		converter.setContext(context);
		converter.start();

		String trace = converter.convert(event);

		assertThat(trace).contains("failed\\r\\nFORGED", "cause\\nFORGED-CAUSE", "suppressed\\nFORGED-SUPPRESSED")
			.containsPattern("\n\tat dev\\.secretsstore");
		assertThat(trace.lines()).noneMatch((line) -> line.startsWith("FORGED"));
	}

}
