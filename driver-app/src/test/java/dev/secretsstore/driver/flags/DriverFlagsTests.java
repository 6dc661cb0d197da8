package dev.secretsstore.driver.flags;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.csi.CsiProperties;
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
					"-rotation-poll-interval=1h30m", "--provider-health-check=false", "-v=5", "--enable-token-minting")
			.properties();
		assertThat(properties).containsEntry("secrets-store.csi.endpoint", "unix:///csi/csi.sock")
			.containsEntry("secrets-store.csi.node-id", "node-1")
			.containsEntry("secrets-store.rotation.enabled", "true")
			.containsEntry("secrets-store.rotation.mint-tokens", "true")
			.containsEntry("secrets-store.rotation.poll-interval", "PT1H30M")
			.containsEntry("secrets-store.provider.health-check.enabled", "false")
			.containsEntry("secrets-store.log.verbosity", "5");
	}

	@Test
	void onlyFlagsGivenBecomeProperties() {
		assertThat(DriverFlags.parse("--nodeid=n").properties()).containsOnlyKeys("secrets-store.csi.node-id");
	}

	@Test
	void springPropertiesPassThroughAndUnknownFlagsAreRefused() {
		assertThat(DriverFlags.parse("--secrets-store.provider.local.root=/srv").springArguments())
			.containsExactly("--secrets-store.provider.local.root=/srv");
		assertThatIllegalArgumentException().isThrownBy(() -> DriverFlags.parse("--no-such-flag"))
			.withMessage("flag provided but not defined: --no-such-flag");
		assertThatIllegalArgumentException().isThrownBy(() -> DriverFlags.parse("--rotation-poll-interval=soon"))
			.withMessageContaining("-rotation-poll-interval")
			.withMessageContaining("soon");
		assertThatIllegalArgumentException().isThrownBy(() -> DriverFlags.parse("--enable-secret-rotation=maybe"))
			.withMessageContaining("maybe");
	}

	@Test
	void helpListsEveryFlagWithItsDefault() {
		String usage = DriverFlags.usage();
		for (Flag flag : DriverFlags.FLAGS) {
			assertThat(usage).contains("--" + flag.name(), "(default: " + flag.defaultValue() + ")");
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
