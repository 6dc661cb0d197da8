package dev.secretsstore.driver.flags;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.csi.CsiProperties;
import dev.secretsstore.driver.flags.DriverFlags.ParsedFlags;
import dev.secretsstore.driver.mount.MountProperties;
import dev.secretsstore.driver.provider.ProviderProperties;
import dev.secretsstore.driver.rotation.RotationProperties;
import dev.secretsstore.driver.standalone.StandaloneProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DriverFlagsTests {

	@Test
	void acceptsTheGoFlagSyntaxes() {
		Map<String, String> properties = DriverFlags
			.parse("--endpoint=unix:///csi/csi.sock", "-nodeid", "node-1", "--enable-secret-rotation",
					"-rotation-poll-interval=1h30m", "--provider-health-check=false", "-v=5", "--enable-token-minting",
					"--metrics-addr", ":9000", "-max-call-recv-msg-size", "1024")
			.properties();
		assertThat(properties).containsEntry("secrets-store.csi.endpoint", "unix:///csi/csi.sock")
			.containsEntry("secrets-store.csi.node-id", "node-1")
			.containsEntry("secrets-store.rotation.enabled", "true")
			.containsEntry("secrets-store.rotation.mint-tokens", "true")
			.containsEntry("secrets-store.rotation.poll-interval", "PT1H30M")
			.containsEntry("secrets-store.provider.health-check.enabled", "false")
			.containsEntry("secrets-store.log.verbosity", "5")
			.containsEntry("secrets-store.metrics.addr", ":9000")
			.containsEntry("secrets-store.provider.max-call-recv-msg-size", "1024");
	}

	@Test
	void onlyFlagsGivenBecomeProperties() {
		assertThat(DriverFlags.parse("--nodeid=n").properties()).containsOnlyKeys("secrets-store.csi.node-id");
		assertThat(DriverFlags.parse().properties()).isEmpty();
	}

	@Test
	void aFlagGivenTwiceKeepsTheLastValueAsInGo() {
		assertThat(DriverFlags.parse("--v=2", "-v", "6").properties())
			.containsExactly(Map.entry("secrets-store.log.verbosity", "6"));
	}

	@Test
	void readsBooleansAsGoDoesBareOrWithAnEqualsSignOnly() {
		assertThat(DriverFlags.parse("--mount-tmpfs=F", "-standalone=1").properties())
			.containsEntry("secrets-store.mount.tmpfs", "false")
			.containsEntry("secrets-store.standalone.enabled", "true");
		assertThat(DriverFlags.parse("--enable-secret-rotation", "--nodeid=n").properties())
			.containsEntry("secrets-store.rotation.enabled", "true");
		assertThatIllegalArgumentException().isThrownBy(() -> DriverFlags.parse("--enable-secret-rotation", "false"))
			.withMessage("unexpected argument 'false'");
	}

	@Test
	void acceptsTheProfilingFlagsWithGosTypesAndIgnoresThem() {
		assertThat(DriverFlags.parse("--enable-pprof", "--pprof-port", "6060").properties())
			.containsOnlyKeys("secrets-store.ignored.enable-pprof", "secrets-store.ignored.pprof-port");
		assertThatIllegalArgumentException().isThrownBy(() -> DriverFlags.parse("--pprof-port=http"))
			.withMessage("invalid value \"http\" for flag -pprof-port: parse error");
	}

	@Test
	void springPropertiesPassThroughAndUnknownFlagsAreRefused() {
		ParsedFlags parsed = DriverFlags.parse("--secrets-store.provider.local.root=/srv", "--standalone",
				"--spring.main.banner-mode=off");
		assertThat(parsed.springArguments()).containsExactly("--secrets-store.provider.local.root=/srv",
				"--spring.main.banner-mode=off");
		assertThat(parsed.toSpringArguments()).containsExactly("--secrets-store.standalone.enabled=true",
				"--secrets-store.provider.local.root=/srv", "--spring.main.banner-mode=off");
		assertThatIllegalArgumentException().isThrownBy(() -> DriverFlags.parse("--no-such-flag"))
			.withMessage("flag provided but not defined: -no-such-flag");
		assertThatIllegalArgumentException().isThrownBy(() -> DriverFlags.parse("-spring.main.banner-mode=off"))
			.withMessage("flag provided but not defined: -spring.main.banner-mode");
		assertThatIllegalArgumentException().isThrownBy(() -> DriverFlags.parse("serve"))
			.withMessage("unexpected argument 'serve'");
		assertThatIllegalArgumentException().isThrownBy(() -> DriverFlags.parse("--rotation-poll-interval=soon"))
			.withMessageStartingWith("invalid value \"soon\" for flag -rotation-poll-interval: invalid duration");
		assertThatIllegalArgumentException().isThrownBy(() -> DriverFlags.parse("--enable-secret-rotation=maybe"))
			.withMessage("invalid boolean value \"maybe\" for -enable-secret-rotation: parse error");
		assertThatIllegalArgumentException().isThrownBy(() -> DriverFlags.parse("--nodeid"))
			.withMessage("flag needs an argument: -nodeid");
	}

	@Test
	void asksForHelpOrTheVersion() {
		for (String help : new String[] { "-h", "--h", "-help", "--help" }) {
			assertThat(DriverFlags.parse(help).help()).as(help).isTrue();
		}
		assertThat(DriverFlags.parse("--nodeid=n").help()).isFalse();
		assertThat(DriverFlags.parse("-version").version()).isTrue();
		assertThat(DriverFlags.parse("--version").version()).isTrue();
		assertThat(DriverFlags.parse("--nodeid=n").version()).isFalse();
	}

	@Test
	void helpListsEveryFlagWithItsDefaultAsGoDoes() {
		String usage = DriverFlags.usage();
		assertThat(usage).contains("Usage of java -jar driver-app.jar:\n",
				"  -rotation-poll-interval duration\n    \tinterval between rotations of a mounted volume (default 2m)\n",
				"  -endpoint string\n    \tCSI endpoint (default \"unix://tmp/csi.sock\")\n",
				"  -enable-secret-rotation\n    \tenable auto rotation of mounted secrets\n",
				"  -max-call-recv-msg-size int\n", "(default 4194304)", "  -nodeid string\n    \tnode id\n",
				"  -version\n", "  --<name.with.a.dot>=<value>\n");
		for (Flag flag : DriverFlags.FLAGS) {
			assertThat(usage).contains("  -" + flag.name() + (flag.kind() == Flag.Kind.BOOLEAN ? "\n" : " "));
			if (!flag.defaultValue().isEmpty() && !flag.defaultValue().equals("false")
					&& !flag.defaultValue().equals("0")) {
				assertThat(usage).as(flag.name()).containsPattern("\\(default \"?" + flag.defaultValue() + "\"?\\)");
			}
		}
	}

	/**
	 * The defaults documented on the flags (the Go driver's) are the ones the properties
	 * really have.
	 */
	@Test
	void documentedDefaultsAreThePropertiesDefaults() throws Exception {
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of()));
		Map<String, Object> bound = Map.of("secrets-store.csi",
				binder.bindOrCreate("secrets-store.csi", CsiProperties.class), "secrets-store.provider",
				binder.bindOrCreate("secrets-store.provider", ProviderProperties.class), "secrets-store.mount",
				binder.bindOrCreate("secrets-store.mount", MountProperties.class), "secrets-store.standalone",
				binder.bindOrCreate("secrets-store.standalone", StandaloneProperties.class), "secrets-store.rotation",
				binder.bindOrCreate("secrets-store.rotation", RotationProperties.class));
		int checked = 0;
		for (Flag flag : DriverFlags.FLAGS) {
			String prefix = bound.keySet()
				.stream()
				.filter((p) -> flag.property().startsWith(p + "."))
				.findFirst()
				.orElse(null);
			if (prefix == null) {
				continue;
			}
			Object value = bound.get(prefix);
			for (String segment : flag.property().substring(prefix.length() + 1).split("\\.")) {
				value = component(value, segment);
			}
			assertThat(normalize(value)).as(flag.name()).isEqualTo(normalize(flag.typedDefault()));
			checked++;
		}
		assertThat(checked).isGreaterThanOrEqualTo(16);
	}

	private static Object component(Object record, String kebab) throws Exception {
		String name = java.util.regex.Pattern.compile("-(.)")
			.matcher(kebab)
			.replaceAll((m) -> m.group(1).toUpperCase());
		for (RecordComponent component : record.getClass().getRecordComponents()) {
			if (component.getName().equals(name)) {
				return component.getAccessor().invoke(record);
			}
		}
		throw new AssertionError("no component " + name + " in " + record.getClass());
	}

	private static Object normalize(Object value) {
		if (value instanceof List<?> list) {
			return String.join(",", list.stream().map(String::valueOf).toList());
		}
		if (value instanceof Number number) {
			return number.longValue();
		}
		if (value instanceof Duration || value instanceof Boolean) {
			return value;
		}
		if (value instanceof Enum<?> constant) {
			return constant.name().toLowerCase();
		}
		return String.valueOf(value);
	}

}
