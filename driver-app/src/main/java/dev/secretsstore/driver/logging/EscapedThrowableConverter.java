package dev.secretsstore.driver.logging;

import java.util.Arrays;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * {@code %wEx} of the log pattern ({@link EscapingLogbackLoggingSystem}): Boot's stack
 * trace, with the message of each exception in it (and of its causes and suppressed ones)
 * escaped, since an exception's message often quotes a path or a provider's words. The
 * frames stay one per line.
 */
public class EscapedThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

	@Override
	protected String throwableProxyToString(IThrowableProxy proxy) {
		return super.throwableProxyToString(new Escaped(proxy));
	}

	/**
	 * A throwable as logback sees it, with escaped messages.
	 */
	private record Escaped(IThrowableProxy proxy) implements IThrowableProxy {

		@Override
		public String getMessage() {
			return Untrusted.escape(this.proxy.getMessage());
		}

		@Override
		public String getOverridingMessage() {
			return Untrusted.escape(this.proxy.getOverridingMessage());
		}

		@Override
		public String getClassName() {
			return this.proxy.getClassName();
		}

		@Override
		public StackTraceElementProxy[] getStackTraceElementProxyArray() {
			return this.proxy.getStackTraceElementProxyArray();
		}

		@Override
		public int getCommonFrames() {
			return this.proxy.getCommonFrames();
		}

		@Override
		public IThrowableProxy getCause() {
			IThrowableProxy cause = this.proxy.getCause();
			return (cause != null) ? new Escaped(cause) : null;
		}

		@Override
		public IThrowableProxy[] getSuppressed() {
			IThrowableProxy[] suppressed = this.proxy.getSuppressed();
			return (suppressed != null) ? Arrays.stream(suppressed).map(Escaped::new).toArray(IThrowableProxy[]::new)
					: null;
		}

		@Override
		public boolean isCyclic() {
			return this.proxy.isCyclic();
		}

	}

}
