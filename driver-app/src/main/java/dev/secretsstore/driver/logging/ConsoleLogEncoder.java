package dev.secretsstore.driver.logging;

import java.nio.charset.Charset;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import org.springframework.boot.logging.logback.StructuredLogEncoder;

/**
 * The console's encoder (logback-spring.xml): Boot's structured encoder when a structured format is set
 * ({@code --log-format-json} sets {@code ecs}; JSON escapes control characters itself), else a pattern encoder whose
 * {@code %m} and {@code %wEx} escape them. The choice is made here because a logback file can only make it with
 * Janino, which the driver does not ship.
 */
public class ConsoleLogEncoder extends EncoderBase<ILoggingEvent> {

	private String format;

	private String pattern;

	private Charset charset;

	private Encoder<ILoggingEvent> delegate;

	public void setFormat(String format) {
		this.format = format;
	}

	public void setPattern(String pattern) {
		this.pattern = pattern;
	}

	public void setCharset(Charset charset) {
		this.charset = charset;
	}

	@Override
	public void start() {
		if (this.format != null && !this.format.isBlank()) {
			StructuredLogEncoder structured = new StructuredLogEncoder();
			structured.setFormat(this.format);
			structured.setCharset(this.charset);
			this.delegate = structured;
		}
		else {
			PatternLayoutEncoder text = new PatternLayoutEncoder();
			text.setPattern(this.pattern);
			text.setCharset(this.charset);
			this.delegate = text;
		}
		this.delegate.setContext(getContext());
		this.delegate.start();
		super.start();
	}

	@Override
	public void stop() {
		if (this.delegate != null) {
			this.delegate.stop();
		}
		super.stop();
	}

	@Override
	public byte[] headerBytes() {
		return this.delegate.headerBytes();
	}

	@Override
	public byte[] encode(ILoggingEvent event) {
		return this.delegate.encode(event);
	}

	@Override
	public byte[] footerBytes() {
		return this.delegate.footerBytes();
	}

}
