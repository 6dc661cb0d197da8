package dev.secretsstore.provider.plugin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link FlatJson}: sorted, compact output and strict reading of a flat object
 * of strings.
 */
class FlatJsonTests {

	@Test
	void writesSortedKeysWithoutWhitespace() {
		Map<String, String> map = new LinkedHashMap<>();
		map.put("b", "2");
		map.put("a", "1");
		map.put("B", "3");
		assertThat(FlatJson.write(map)).isEqualTo("{\"B\":\"3\",\"a\":\"1\",\"b\":\"2\"}");
	}

	@Test
	void writesEmptyMapAsEmptyObject() {
		assertThat(FlatJson.write(Map.of())).isEqualTo("{}");
	}

	@Test
	void readsWhatItWrites() {
		Map<String, String> map = Map.of("<k>", "a&b\"\\\n\u0001\u2028😀", "", "", "plain", "v");
		assertThat(FlatJson.read(FlatJson.write(map), "attributes")).isEqualTo(map);
	}

	@Test
	void readsWhitespaceEscapesAndDuplicatesLikeGo() {
		String json = " {\n\t\"a\" : \"\\u00e9\\/\\ud83d\\ude00\" ,\r\"a\":\"last\", \"b\":\"x\" } ";
		assertThat(FlatJson.read(json, "attributes")).containsExactly(Map.entry("a", "last"), Map.entry("b", "x"));
		assertThat(FlatJson.read("{\"a\":\"\\u00e9\\/\\ud83d\\ude00\"}", "attributes")).containsEntry("a", "é/😀");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "  ", "null", " null\n", "{}", " { } " })
	void readsEmptyForms(String json) {
		assertThat(FlatJson.read(json, "secrets")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "\"s\"", "{\"a\":1}", "{\"a\":null}", "{\"a\":\"b\"", "{\"a\":\"b\"} x", "{a:\"b\"}",
			"{'a':'b'}", "{\"a\":\"b\",}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\" \"b\"}", "nullx" })
	void rejectsAnythingButAFlatObjectOfStrings(String json) {
		assertThatIllegalArgumentException().isThrownBy(() -> FlatJson.read(json, "secrets"))
			.withMessageStartingWith("secrets ");
	}

	@Test
	void errorsNeverQuoteTheText() {
		assertThatIllegalArgumentException().isThrownBy(() -> FlatJson.read("{\"password\": s3cr3t}", "secrets"))
			.withMessageNotContaining("s3cr3t");
	}

}
