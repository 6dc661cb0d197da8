package dev.secretsstore.driver.flags;

import java.time.Duration;

/**
 * One command-line flag: its Go name, the Spring property it sets, how its value is
 * checked, and its default as the Go driver documents it.
 *
 * @param name the flag name without dashes, as the Go driver spells it
 * @param property the Spring property the value is bound to
 * @param kind how the value is checked and converted
 * @param defaultValue the default, shown in the usage text; the property's own default
 * must be the same
 * @param description one line for the usage text
 */
record Flag(String name, String property, Kind kind, String defaultValue, String description) {

	/**
	 * Checks a flag value and converts it to what the property expects.
	 * @throws IllegalArgumentException naming the flag and the value
	 */
	String convert(String value) {
		try {
			return switch (this.kind) {
				case BOOLEAN -> Boolean.toString(parseBoolean(value));
				case DURATION -> GoDuration.parse(value).toString();
				case INTEGER -> Long.toString(Long.parseLong(value.trim()));
				case STRING, IGNORED -> value;
			};
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"invalid value \"" + value + "\" for flag -" + this.name + ": " + ex.getMessage(), ex);
		}
	}

	/** Go's strconv.ParseBool. */
	private static boolean parseBoolean(String value) {
		return switch (value.trim()) {
			case "1", "t", "T", "true", "TRUE", "True" -> true;
			case "0", "f", "F", "false", "FALSE", "False" -> false;
			default -> throw new IllegalArgumentException("not a boolean");
		};
	}

	/**
	 * Parses {@code defaultValue} the way {@link #convert} parses a given value, for
	 * comparison in tests.
	 */
	Object typedDefault() {
		return switch (this.kind) {
			case BOOLEAN -> parseBoolean(this.defaultValue);
			case DURATION -> Duration.parse(convert(this.defaultValue));
			case INTEGER -> Long.parseLong(this.defaultValue);
			case STRING, IGNORED -> this.defaultValue;
		};
	}

	enum Kind {

		STRING, BOOLEAN, DURATION, INTEGER,

		/**
		 * Accepted for compatibility with the Go driver's command line, without effect
		 * here.
		 */
		IGNORED

	}

}
