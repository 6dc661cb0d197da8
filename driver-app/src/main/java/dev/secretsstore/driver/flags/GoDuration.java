package dev.secretsstore.driver.flags;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written as Go's {@code time.ParseDuration} accepts them ({@code 30s},
 * {@code 2m}, {@code 1h30m}, {@code 1.5h}, {@code 300ms}), so the Go driver's flag values
 * keep working unchanged.
 */
public final class GoDuration {

	private static final Pattern ELEMENT = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

	private static final Map<String, Long> NANOS_PER_UNIT = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
			"ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

	private GoDuration() {
	}

	/**
	 * Parses {@code text}.
	 * @throws IllegalArgumentException naming the value when it is not a Go duration
	 */
	public static Duration parse(String text) {
		String value = (text != null) ? text.trim() : "";
		boolean negative = value.startsWith("-");
		String body = (negative || value.startsWith("+")) ? value.substring(1) : value;
		if (body.equals("0")) {
			return Duration.ZERO;
		}
		Matcher matcher = ELEMENT.matcher(body);
		BigDecimal nanos = BigDecimal.ZERO;
		int end = 0;
		while (matcher.find() && matcher.start() == end) {
			BigDecimal perUnit = BigDecimal.valueOf(NANOS_PER_UNIT.get(matcher.group(2)));
			nanos = nanos.add(new BigDecimal(matcher.group(1)).multiply(perUnit));
			end = matcher.end();
		}
		if (body.isEmpty() || end != body.length()) {
			throw new IllegalArgumentException("invalid duration \"" + text
					+ "\": use a number with a unit (ns, us, ms, s, m, h), such as 30s, 2m or 1h30m");
		}
		Duration duration = Duration.ofNanos(nanos.longValueExact());
		return negative ? duration.negated() : duration;
	}

}
