package dev.secretsstore.driver.flags;

import dev.secretsstore.provider.plugin.GoFlagSet;

/**
 * One command-line flag: its Go name, the Spring property it sets, how its value is
 * checked, and its default as the Go driver documents it.
 *
 * @param name the flag name without dashes, as the Go driver spells it
 * @param property the Spring property the value is bound to
 * @param kind how the value is checked and converted, the Go flag's type
 * @param defaultValue the default, shown in the usage text; the property's own default
 * must be the same
 * @param description one line for the usage text
 */
record Flag(String name, String property, Kind kind, String defaultValue, String description) {

	/**
	 * Declares this flag in {@code flags}; its value, when given, is the property's as
	 * text: {@code true} or {@code false}, a whole number, a duration as
	 * {@link java.time.Duration} writes it, or the string given.
	 */
	GoFlagSet.Flag<?> declare(GoFlagSet flags) {
		return switch (this.kind) {
			case BOOLEAN -> flags.bool(this.name, GoFlagSet.parseBool(this.defaultValue), this.description);
			case DURATION -> flags.typed(this.name, this.defaultValue, "duration",
					(text) -> GoDuration.parse(text).toString(), this.description);
			case INTEGER -> flags.integer(this.name, Integer.parseInt(this.defaultValue), this.description);
			case STRING -> flags.string(this.name, this.defaultValue, this.description);
		};
	}

	/**
	 * Parses {@code defaultValue} the way a given value is parsed, for comparison in
	 * tests.
	 */
	Object typedDefault() {
		return switch (this.kind) {
			case BOOLEAN -> GoFlagSet.parseBool(this.defaultValue);
			case DURATION -> GoDuration.parse(this.defaultValue);
			case INTEGER -> Long.parseLong(this.defaultValue);
			case STRING -> this.defaultValue;
		};
	}

	/**
	 * The Go flag types the driver's flags have.
	 */
	enum Kind {

		STRING, BOOLEAN, DURATION, INTEGER

	}

}
