package dev.secretsstore.provider.plugin;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.plugin.GoFlagSet.Flag;
import dev.secretsstore.provider.plugin.GoFlagSet.FlagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link GoFlagSet}: the forms and the error messages of Go's flag package.
 */
class GoFlagSetTests {

	private final GoFlagSet flags = new GoFlagSet("TestPlugin");

	private final Flag<String> address = this.flags.string("address", "https://127.0.0.1:8200", "the address");

	private final Flag<Integer> size = this.flags.integer("cache-size", 1000, "clients kept");

	private final Flag<Boolean> verbose = this.flags.bool("verbose", false, "log more");

	@Test
	void keepsTheDefaultsOfFlagsNotGiven() {
		this.flags.parse();
		assertThat(this.address.value()).isEqualTo("https://127.0.0.1:8200");
		assertThat(this.size.value()).isEqualTo(1000);
		assertThat(this.verbose.value()).isFalse();
		assertThat(this.address.isSet()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "-address=http://a|-cache-size=5", "--address=http://a|--cache-size=5",
			"-address|http://a|-cache-size|5", "--address|http://a|--cache-size|5" })
	void readsEveryFormGoReads(String args) {
		this.flags.parse(args.split("\\|"));
		assertThat(this.address.value()).isEqualTo("http://a");
		assertThat(this.address.isSet()).isTrue();
		assertThat(this.size.value()).isEqualTo(5);
	}

	@Test
	void readsABooleanBareOrWithAValueAndTheNextArgumentAsAFlag() {
		this.flags.parse("-verbose", "-cache-size=1");
		assertThat(this.verbose.value()).isTrue();
		assertThat(this.size.value()).isOne();
		this.flags.parse("--verbose=false");
		assertThat(this.verbose.value()).isFalse();
		assertThat(this.verbose.isSet()).isTrue();
		this.flags.parse("-verbose=T");
		assertThat(this.verbose.value()).isTrue();
	}

	@Test
	void takesTheNextArgumentAsTheValueEvenWithADashAsGoDoes() {
		this.flags.parse("-address", "-verbose");
		assertThat(this.address.value()).isEqualTo("-verbose");
		assertThat(this.verbose.value()).isFalse();
	}

	@Test
	void keepsTheLastOfARepeatedFlagAndAnEqualsSignInTheValue() {
		this.flags.parse("-address=a", "-address=b=c");
		assertThat(this.address.value()).isEqualTo("b=c");
	}

	@Test
	void startsEachParseFromTheDefaults() {
		this.flags.parse("-address=a", "-verbose");
		this.flags.parse("-cache-size=2");
		assertThat(this.address.value()).isEqualTo("https://127.0.0.1:8200");
		assertThat(this.address.isSet()).isFalse();
		assertThat(this.verbose.value()).isFalse();
	}

	@Test
	void refusesWhatGoRefusesInGosWords() {
		assertThat(failure("-nope")).hasMessage("flag provided but not defined: -nope");
		assertThat(failure("--nope=1")).hasMessage("flag provided but not defined: -nope");
		assertThat(failure("-address")).hasMessage("flag needs an argument: -address");
		assertThat(failure("-cache-size=lots")).hasMessage("invalid value \"lots\" for flag -cache-size: parse error");
		assertThat(failure("-verbose=maybe")).hasMessage("invalid boolean value \"maybe\" for -verbose: parse error");
		assertThat(failure("-verbose=")).hasMessage("invalid boolean value \"\" for -verbose: parse error");
		assertThat(failure("---address=a")).hasMessage("bad flag syntax: ---address=a");
		assertThat(failure("-=a")).hasMessage("bad flag syntax: -=a");
	}

	@Test
	void refusesArgumentsThatAreNotFlags() {
		assertThat(failure("serve")).hasMessage("unexpected argument 'serve'");
		assertThat(failure("-verbose", "-")).hasMessage("unexpected argument '-'");
		assertThat(failure("--", "serve")).hasMessage("unexpected argument 'serve'");
	}

	@Test
	void endsTheFlagsAtADoubleDash() {
		this.flags.parse("-verbose", "--");
		assertThat(this.verbose.value()).isTrue();
	}

	@Test
	void asksForHelpOnHAndHelpUnlessDeclared() {
		assertThat(failure("-h").isHelp()).isTrue();
		assertThat(failure("--help").isHelp()).isTrue();
		assertThat(failure("-nope").isHelp()).isFalse();
		GoFlagSet own = new GoFlagSet("TestPlugin");
		Flag<Boolean> help = own.bool("h", false, "its own -h");
		own.parse("-h");
		assertThat(help.value()).isTrue();
	}

	@Test
	void takesAnyFlagUnderADeclaredPrefixAsAString() {
		Map<String, String> properties = this.flags.prefixed("secrets-store.provider.x.", "provider settings");
		this.flags.parse("--secrets-store.provider.x.region=eu-west-1", "-secrets-store.provider.x.role-arn", "arn",
				"-address=a");
		assertThat(properties).containsExactly(Map.entry("secrets-store.provider.x.region", "eu-west-1"),
				Map.entry("secrets-store.provider.x.role-arn", "arn"));
		assertThat(this.address.value()).isEqualTo("a");
		assertThat(failure("--secrets-store.provider.x.=1"))
			.hasMessage("flag provided but not defined: -secrets-store.provider.x.");
		assertThat(failure("--secrets-store.provider.y.region=1"))
			.hasMessage("flag provided but not defined: -secrets-store.provider.y.region");
		this.flags.parse();
		assertThat(properties).isEmpty();
	}

	@Test
	void readsAFlagOfAnotherTypeWithItsParser() {
		Flag<Duration> timeout = this.flags.typed("timeout", Duration.ofSeconds(5), "duration", GoFlagSetTests::seconds,
				"how long");
		this.flags.parse("-timeout", "60s");
		assertThat(timeout.value()).isEqualTo(Duration.ofMinutes(1));
		assertThat(timeout.isSet()).isTrue();
		this.flags.parse();
		assertThat(timeout.value()).isEqualTo(Duration.ofSeconds(5));
		assertThat(timeout.isSet()).isFalse();
		assertThat(failure("--timeout=soon")).hasMessage("invalid value \"soon\" for flag -timeout: not in seconds");
		assertThat(failure("--timeout=xs")).hasMessage("invalid value \"xs\" for flag -timeout: parse error");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.flags.typed("on", false, "", GoFlagSet::parseBool, "not a boolean"));
	}

	private static Duration seconds(String text) {
		if (!text.endsWith("s")) {
			throw new IllegalArgumentException("not in seconds");
		}
		return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
	}

	@Test
	void keepsTheFlagsAPassThroughAcceptsUnchangedAndInOrder() {
		List<String> passed = this.flags.passThrough((arg) -> arg.startsWith("--") && arg.contains("."),
				"--<name.with.a.dot>=<value>", "handed on");
		this.flags.parse("--spring.a=1", "-address", "--b.c=2", "--verbose", "--d.e", "--spring.a=3");
		assertThat(passed).containsExactly("--spring.a=1", "--d.e", "--spring.a=3");
		assertThat(this.address.value()).as("a value is read, not passed through").isEqualTo("--b.c=2");
		assertThat(this.verbose.value()).isTrue();
		assertThat(failure("-spring.a=1")).hasMessage("flag provided but not defined: -spring.a");
		assertThat(failure("--spring.a", "1")).hasMessage("unexpected argument '1'");
		assertThat(failure("--nope")).hasMessage("flag provided but not defined: -nope");
		this.flags.parse("-verbose");
		assertThat(passed).isEmpty();
	}

	@Test
	void leavesADeclaredFlagToItsDeclarationThoughAPassThroughWouldAcceptIt() {
		List<String> passed = this.flags.passThrough((arg) -> true, "--<anything>", "handed on");
		this.flags.parse("--address=a", "--nope", "-h");
		assertThat(this.address.value()).isEqualTo("a");
		assertThat(passed).containsExactly("--nope", "-h");
		assertThat(failure("serve")).hasMessage("unexpected argument 'serve'");
	}

	@Test
	void refusesAFlagDeclaredTwice() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.flags.string("address", "", "again"))
			.withMessage("flag redefined: address");
	}

	@Test
	void printsTheUsageAsGoDoesWithDefaultsOtherThanZeroValues() {
		this.flags.string("empty", "", "no default shown");
		this.flags.typed("interval", "2m", "duration", String::trim, "between checks");
		this.flags.typed("none", "", "value", String::trim, "no default shown either");
		this.flags.prefixed("secrets-store.provider.x.", "any provider setting");
		this.flags.passThrough((arg) -> false, "--<name.with.a.dot>=<value>", "handed on");
		assertThat(this.flags.usage()).isEqualTo("""
				Usage of TestPlugin:
				  -address string
				    \tthe address (default "https://127.0.0.1:8200")
				  -cache-size int
				    \tclients kept (default 1000)
				  -empty string
				    \tno default shown
				  -interval duration
				    \tbetween checks (default 2m)
				  -none value
				    \tno default shown either
				  -verbose
				    \tlog more
				  -secrets-store.provider.x.<name> string
				    \tany provider setting
				  --<name.with.a.dot>=<value>
				    \thanded on
				""");
	}

	@Test
	void readsBooleansAsStrconvParseBoolDoes() {
		for (String yes : new String[] { "1", "t", "T", "true", "TRUE", "True" }) {
			assertThat(GoFlagSet.parseBool(yes)).as(yes).isTrue();
		}
		for (String no : new String[] { "0", "f", "F", "false", "FALSE", "False" }) {
			assertThat(GoFlagSet.parseBool(no)).as(no).isFalse();
		}
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> GoFlagSet.parseBool("yes"));
	}

	private FlagException failure(String... args) {
		return catchThrowableOfType(FlagException.class, () -> this.flags.parse(args));
	}

}
