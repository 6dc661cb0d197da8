package dev.secretsstore.provider.plugin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Command-line flags read as Go's {@code flag} package reads them, so that a plugin takes
 * the arguments its Go counterpart's manifests pass: {@code -name=value},
 * {@code --name=value}, {@code -name value}, {@code --name value}, and a boolean bare
 * ({@code -name}) or with {@code =}. Errors are worded as Go words them. Unlike Go, an
 * argument that is not a flag is refused: no plugin takes one, so it is a mistake.
 */
public final class GoFlagSet {

	private final String program;

	/** Sorted, as Go prints them. */
	private final Map<String, Flag<?>> flags = new TreeMap<>();

	private final Map<String, Prefixed> prefixes = new LinkedHashMap<>();

	private final List<PassThrough> passThroughs = new ArrayList<>();

	/**
	 * @param program the name the usage text starts with
	 */
	public GoFlagSet(String program) {
		this.program = program;
	}

	/**
	 * Declares a flag that takes a string.
	 */
	public Flag<String> string(String name, String defaultValue, String usage) {
		return add(new Flag<>(name, defaultValue, "", usage, "string", Function.identity()));
	}

	/**
	 * Declares a flag that takes a whole number.
	 */
	public Flag<Integer> integer(String name, int defaultValue, String usage) {
		return add(new Flag<>(name, defaultValue, 0, usage, "int", Integer::valueOf));
	}

	/**
	 * Declares a boolean flag: bare for {@code true}, or with {@code =} and a value
	 * {@link #parseBool} reads.
	 */
	public Flag<Boolean> bool(String name, boolean defaultValue, String usage) {
		return add(new Flag<>(name, defaultValue, false, usage, "", GoFlagSet::parseBool));
	}

	/**
	 * Declares a flag of another type, as Go's {@code flag.Var} does: {@code parser}
	 * reads the text given and throws {@link IllegalArgumentException} when it is no such
	 * value, whose message ends the error. The usage text shows the default unless its
	 * text is empty.
	 * @param typeName the type in the usage text, such as {@code duration}
	 */
	public <T> Flag<T> typed(String name, T defaultValue, String typeName, Function<String, T> parser, String usage) {
		if (typeName.isEmpty()) {
			throw new IllegalArgumentException("a flag's type name is empty only for a boolean");
		}
		return add(new Flag<>(name, defaultValue, null, usage, typeName, parser));
	}

	/**
	 * Accepts every flag whose name starts with {@code prefix}, each taking a string,
	 * such as {@code --secrets-store.provider.aws.region=eu-west-1}.
	 * @param usage what these flags do, for the usage text
	 * @return the flags given, by full name, in the order given; filled by {@link #parse}
	 */
	public Map<String, String> prefixed(String prefix, String usage) {
		Prefixed prefixed = new Prefixed(prefix, usage, new LinkedHashMap<>());
		this.prefixes.put(prefix, prefixed);
		return Collections.unmodifiableMap(prefixed.values);
	}

	/**
	 * Keeps every flag that is not declared and that {@code accepts}, unread and
	 * unchanged, for a program that hands such flags on (as {@code --spring.x=y} to
	 * Spring). Such a flag is one argument: it takes no following value. Arguments that
	 * are no flags are refused all the same.
	 * @param accepts tests the whole argument, dashes and value included
	 * @param label how the usage text names these arguments
	 * @param usage what they do, for the usage text
	 * @return the arguments kept, in the order given; filled by {@link #parse}
	 */
	public List<String> passThrough(Predicate<String> accepts, String label, String usage) {
		PassThrough passThrough = new PassThrough(accepts, label, usage, new ArrayList<>());
		this.passThroughs.add(passThrough);
		return Collections.unmodifiableList(passThrough.arguments);
	}

	private <T> Flag<T> add(Flag<T> flag) {
		if (this.flags.putIfAbsent(flag.name, flag) != null) {
			throw new IllegalStateException("flag redefined: " + flag.name);
		}
		return flag;
	}

	/**
	 * Reads {@code args}; flags not given keep their defaults. {@code --} ends the flags.
	 * @throws FlagException naming the argument at fault, or asking for help on
	 * {@code -h} or {@code -help} when no such flag is declared
	 */
	public void parse(String... args) {
		reset();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("--")) {
				if (i + 1 < args.length) {
					throw new FlagException("unexpected argument '" + args[i + 1] + "'");
				}
				return;
			}
			if (arg.length() < 2 || arg.charAt(0) != '-') {
				throw new FlagException("unexpected argument '" + arg + "'");
			}
			String name = arg.substring(arg.startsWith("--") ? 2 : 1);
			if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
				throw new FlagException("bad flag syntax: " + arg);
			}
			String value = null;
			int equals = name.indexOf('=');
			if (equals >= 0) {
				value = name.substring(equals + 1);
				name = name.substring(0, equals);
			}
			Flag<?> flag = this.flags.get(name);
			Prefixed prefixed = (flag != null) ? null : prefixed(name);
			if (flag == null && prefixed == null) {
				PassThrough passThrough = passThrough(arg);
				if (passThrough != null) {
					passThrough.arguments.add(arg);
					continue;
				}
				if (name.equals("help") || name.equals("h")) {
					throw new FlagException("flag: help requested", true);
				}
				throw new FlagException("flag provided but not defined: -" + name);
			}
			if (flag != null && flag.bool) {
				flag.set((value != null) ? value : "true");
				continue;
			}
			if (value == null) {
				// as in Go, the next argument is the value even when it starts with a
				// dash
				if (i + 1 >= args.length) {
					throw new FlagException("flag needs an argument: -" + name);
				}
				value = args[++i];
			}
			if (flag != null) {
				flag.set(value);
			}
			else {
				prefixed.values.put(name, value);
			}
		}
	}

	private Prefixed prefixed(String name) {
		for (Prefixed prefixed : this.prefixes.values()) {
			if (name.startsWith(prefixed.prefix) && name.length() > prefixed.prefix.length()) {
				return prefixed;
			}
		}
		return null;
	}

	private PassThrough passThrough(String argument) {
		for (PassThrough passThrough : this.passThroughs) {
			if (passThrough.accepts.test(argument)) {
				return passThrough;
			}
		}
		return null;
	}

	/**
	 * Back to the defaults, so that a second parse sees only its own arguments.
	 */
	private void reset() {
		this.flags.values().forEach(Flag::reset);
		this.prefixes.values().forEach((prefixed) -> prefixed.values.clear());
		this.passThroughs.forEach((passThrough) -> passThrough.arguments.clear());
	}

	/**
	 * The usage text, laid out as Go's {@code flag.PrintDefaults} lays it out, with the
	 * prefixed flags and then the arguments passed through last.
	 */
	public String usage() {
		StringBuilder usage = new StringBuilder("Usage of ").append(this.program).append(":\n");
		for (Flag<?> flag : this.flags.values()) {
			usage.append("  -").append(flag.name);
			if (!flag.typeName.isEmpty()) {
				usage.append(' ').append(flag.typeName);
			}
			usage.append("\n    \t").append(flag.usage);
			if (!flag.defaultValue.equals(flag.zero) && !flag.defaultValue.toString().isEmpty()) {
				// Go leaves out defaults that are the type's zero value
				usage.append(" (default ")
					.append(flag.typeName.equals("string") ? "\"" + flag.defaultValue + "\"" : flag.defaultValue)
					.append(')');
			}
			usage.append('\n');
		}
		for (Prefixed prefixed : this.prefixes.values()) {
			usage.append("  -")
				.append(prefixed.prefix)
				.append("<name> string\n    \t")
				.append(prefixed.usage)
				.append('\n');
		}
		for (PassThrough passThrough : this.passThroughs) {
			usage.append("  ").append(passThrough.label).append("\n    \t").append(passThrough.usage).append('\n');
		}
		return usage.toString();
	}

	/**
	 * Reads a boolean as Go's {@code strconv.ParseBool} does.
	 * @throws IllegalArgumentException when {@code text} is none of Go's spellings
	 */
	public static boolean parseBool(String text) {
		return switch (text) {
			case "1", "t", "T", "true", "TRUE", "True" -> true;
			case "0", "f", "F", "false", "FALSE", "False" -> false;
			default -> throw new IllegalArgumentException("parse error");
		};
	}

	/**
	 * A declared flag; its value is the default until {@link GoFlagSet#parse} reads it.
	 *
	 * @param <T> the type of its value
	 */
	public static final class Flag<T> {

		private final String name;

		private final T defaultValue;

		private final T zero;

		private final String usage;

		private final boolean bool;

		private final String typeName;

		private final Function<String, T> parser;

		private T value;

		private boolean given;

		/**
		 * @param zero the type's zero value, a default the usage text does not show;
		 * {@code null} when unknown
		 * @param typeName the type in the usage text; empty for a boolean, which takes no
		 * separate value
		 */
		private Flag(String name, T defaultValue, T zero, String usage, String typeName, Function<String, T> parser) {
			this.name = Objects.requireNonNull(name, "name");
			this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
			this.zero = zero;
			this.usage = usage;
			this.bool = typeName.isEmpty();
			this.typeName = typeName;
			this.parser = parser;
			this.value = defaultValue;
		}

		public String name() {
			return this.name;
		}

		/**
		 * The value given last, or the default.
		 */
		public T value() {
			return this.value;
		}

		/**
		 * Whether the command line gave this flag, even with its default value: what a
		 * flag falls back to (an environment variable, say) applies only when it did not.
		 */
		public boolean isSet() {
			return this.given;
		}

		private void set(String text) {
			try {
				this.value = this.parser.apply(text);
			}
			catch (IllegalArgumentException ex) {
				String problem = (ex instanceof NumberFormatException) ? "parse error" : ex.getMessage();
				throw new FlagException(
						this.bool ? "invalid boolean value \"" + text + "\" for -" + this.name + ": " + problem
								: "invalid value \"" + text + "\" for flag -" + this.name + ": " + problem);
			}
			this.given = true;
		}

		private void reset() {
			this.value = this.defaultValue;
			this.given = false;
		}

	}

	/**
	 * A command line {@link GoFlagSet#parse} refuses, or a request for help.
	 */
	public static final class FlagException extends IllegalArgumentException {

		private final boolean help;

		FlagException(String message) {
			this(message, false);
		}

		private FlagException(String message, boolean help) {
			super(message);
			this.help = help;
		}

		/**
		 * Whether {@code -h} or {@code -help} asked for the usage text: Go's
		 * {@code flag.ErrHelp}, which is not an error.
		 */
		public boolean isHelp() {
			return this.help;
		}

	}

	private record Prefixed(String prefix, String usage, Map<String, String> values) {
	}

	private record PassThrough(Predicate<String> accepts, String label, String usage, List<String> arguments) {
	}

}
