package dev.secretsstore.driver.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %m}, {@code %msg} and {@code %message} of the log pattern
 * ({@link EscapingLogbackLoggingSystem}): the message with its control characters
 * escaped. Escaping the whole message here, rather than each value where it is logged,
 * covers every value from a request, a provider or a file that reaches a log line,
 * including those inside exception messages, and every call site written later.
 */
public class EscapedMessageConverter extends MessageConverter {

	// Boot's report of a failed start is many lines by design and made of the operator's
	// settings, before any request
	// is served: kept as it is, so that it stays readable
	private static final String STARTUP_FAILURE_REPORT = "org.springframework.boot.diagnostics."
			+ "LoggingFailureAnalysisReporter";

	@Override
	public String convert(ILoggingEvent event) {
		String message = super.convert(event);
		return STARTUP_FAILURE_REPORT.equals(event.getLoggerName()) ? message : Untrusted.escape(message);
	}

}
