package dev.secretsstore.driver.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %m}, {@code %msg} and {@code %message} of the console pattern (logback-spring.xml): the formatted message
 * with its control characters escaped. Escaping the whole message here, rather than each value where it is logged,
 * covers every value from a request, a provider or a file that reaches a log line, including those inside exception
 * messages, and every call site written later.
 */
public class EscapedMessageConverter extends MessageConverter {

	@Override
	public String convert(ILoggingEvent event) {
		return Untrusted.escape(super.convert(event));
	}

}
