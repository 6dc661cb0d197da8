package dev.secretsstore.provider.vault.objects;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ObjectsYamlTests {

	@ParameterizedTest(name = "filePermission {0} is {1}")
	@CsvSource({ "0644, 420", "0o600, 384", "420, 420", "0x1a4, 420", "'\"0640\"', 416", "0, 0", "~, 0" })
	void readsFileModesAsGoYamlDoes(String written, int mode) {
		assertThat(single("  filePermission: " + written).filePermission()).isEqualTo(mode);
	}

	@Test
	void resolvesPlainScalarsOfSecretArgsByTheYaml12CoreSchema() {
		VaultObject object = single("""
				  secretArgs:
				    yes_is_text: yes
				    flag: True
				    count: 12
				    octal: 0o17
				    big: 123456789012345678901234567890
				    ratio: 1.50
				    quoted: "42"
				    empty: ~
				    list: [a, 1, false]
				    nested: {inner: x}
				""");
		Map<String, Object> expected = new HashMap<>();
		expected.put("yes_is_text", "yes");
		expected.put("flag", true);
		expected.put("count", 12L);
		expected.put("octal", 15L);
		expected.put("big", new BigInteger("123456789012345678901234567890"));
		expected.put("ratio", new BigDecimal("1.50"));
		expected.put("quoted", "42");
		expected.put("empty", null);
		expected.put("list", Arrays.asList("a", 1L, false));
		expected.put("nested", Map.of("inner", "x"));
		assertThat(object.secretArgs()).isEqualTo(expected);
	}

	@Test
	void keepsStringFieldsAsWrittenWhateverTheyLookLike() {
		VaultObject object = single("  secretKey: 1:20\n  method: put");
		assertThat(object.secretKey()).isEqualTo("1:20");
		assertThat(object.request().method()).isEqualTo("PUT");
	}

	@Test
	void ignoresUnknownFieldsAsTheGoProviderDoes() {
		assertThat(single("  objectAlias: other").objectName()).isEqualTo("a");
	}

	@Test
	void readsNothingFromEmptyInput() {
		assertThat(ObjectsYaml.parse("")).isEmpty();
		assertThat(ObjectsYaml.parse("# only a comment\n")).isEmpty();
	}

	@Test
	void refusesRecursiveAliases() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ObjectsYaml.parse("- objectName: a\n  secretPath: s\n  secretArgs: &x {k: *x}\n"))
			.withMessageContaining("entry 1");
	}

	@Test
	void describesEntriesWithoutTheirArguments() {
		VaultObject object = single("  secretArgs: {password: hunter2}");
		assertThat(object.toString()).contains("secretArgs=[password]").doesNotContain("hunter2");
		assertThat(object.request().describe()).isEqualTo("GET /v1/secret/data/a").doesNotContain("hunter2");
	}

	private static VaultObject single(String extraFields) {
		List<VaultObject> objects = ObjectsYaml.parse("- objectName: a\n  secretPath: secret/data/a\n" + extraFields);
		assertThat(objects).hasSize(1);
		return objects.get(0);
	}

}
