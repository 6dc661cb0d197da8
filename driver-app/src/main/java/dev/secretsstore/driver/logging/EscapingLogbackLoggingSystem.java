package dev.secretsstore.driver.logging;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.pattern.DynamicConverter;
import org.slf4j.LoggerFactory;

import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemFactory;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.ClassUtils;

/**
 * Boot's Logback logging with its default configuration (its pattern, threshold, charset
 * and every {@code logging.*} property), except that text logs escape control characters:
 * {@code %m}, {@code %msg}, {@code %message} and {@code %wEx} become
 * {@link EscapedMessageConverter} and {@link EscapedThrowableConverter}, so no value from
 * a request, a provider or a file can forge a log line, whichever call logs it. JSON logs
 * ({@code --log-format-json}) escape them already and are left alone.
 *
 * <p>
 * Done in code, as Boot's own default is, rather than in a {@code logback-spring.xml}: an
 * XML file loads Joran, some 400 more classes on every node. An operator's own logback
 * configuration file replaces all of this.
 */
public class EscapingLogbackLoggingSystem extends LogbackLoggingSystem {

	public EscapingLogbackLoggingSystem(ClassLoader classLoader) {
		super(classLoader);
	}

	@Override
	protected void loadDefaults(LoggingInitializationContext initializationContext, LogFile logFile) {
		super.loadDefaults(initializationContext, logFile);
		escapeTextLogs((LoggerContext) LoggerFactory.getILoggerFactory());
	}

	/**
	 * Registers the escaping converters in {@code context} and gives every pattern
	 * appender of the root logger a new encoder with the same pattern, which then uses
	 * them.
	 */
	public static void escapeTextLogs(LoggerContext context) {
		Map<String, Supplier<DynamicConverter<?>>> registry = converterRegistry(context);
		registry.put("m", EscapedMessageConverter::new);
		registry.put("msg", EscapedMessageConverter::new);
		registry.put("message", EscapedMessageConverter::new);
		registry.put("wEx", EscapedThrowableConverter::new);
		Iterator<Appender<ILoggingEvent>> appenders = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
			.iteratorForAppenders();
		while (appenders.hasNext()) {
			if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> appender
					&& appender.getEncoder() instanceof PatternLayoutEncoder current) {
				PatternLayoutEncoder escaping = new PatternLayoutEncoder();
				escaping.setContext(context);
				escaping.setPattern(current.getPattern());
				escaping.setCharset(current.getCharset());
				escaping.start();
				appender.setEncoder(escaping);
				current.stop();
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Supplier<DynamicConverter<?>>> converterRegistry(LoggerContext context) {
		Object registry = context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
		if (registry == null) {
			registry = new HashMap<String, Supplier<DynamicConverter<?>>>();
			context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, registry);
		}
		return (Map<String, Supplier<DynamicConverter<?>>>) registry;
	}

	/**
	 * Chosen before Boot's own Logback factory (META-INF/spring.factories).
	 */
	@Order(Ordered.HIGHEST_PRECEDENCE)
	public static class Factory implements LoggingSystemFactory {

		private static final boolean PRESENT = ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext",
				Factory.class.getClassLoader());

		@Override
		public LoggingSystem getLoggingSystem(ClassLoader classLoader) {
			return PRESENT ? new EscapingLogbackLoggingSystem(classLoader) : null;
		}

	}

}
