package dev.secretsstore.provider.plugin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link FlatJson}: byte-for-byte Go {@code json.Marshal} output and Go-compatible strict reading.
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
	void escapesLikeGo() {
		String value = "<a&b>\"\\\n\t\r\b\f\u0001\u001f\u2028\u2029/é😀";
		assertThat(FlatJson.write(Map.of("k", value))).isEqualTo(
				"{\"k\":\"\\u003ca\\u0026b\\u003e\\\"\\\\\\n\\t\\r\\b\\f\\u0001\\u001f\\u2028\\u2029/é😀\"}");
	}

	@Test
	void replacesLoneSurrogatesLikeGoReplacesInvalidUtf8() {
		assertThat(FlatJson.write(Map.of("k", "a\ud800b"))).isEqualTo("{\"k\":\"a\\ufffdb\"}");
	}

	@Test
	void sortsByUtf8BytesAsGoDoesNotByUtf16() {
		// UTF-16 puts the emoji (0xD83D...) first; UTF-8 puts U+FF01 (EF BC 81) before it (F0 9F 98 80)
		assertThat(FlatJson.write(Map.of("😀", "y", "\uff01", "x"))).isEqualTo("{\"\uff01\":\"x\",\"😀\":\"y\"}");
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
	@ValueSource(strings = { "[]", "\"s\"", "{\"a\":1}", "{\"a\":null}", "{\"a\":\"b\"", "{\"a\":\"b\"} x",
			"{a:\"b\"}", "{'a':'b'}", "{\"a\":\"b\",}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"b\u0001\"}",
			"{\"a\" \"b\"}", "nullx", "{\"a\":\"b\"}\u0000" })
	void rejectsAnythingButAFlatObjectOfStrings(String json) {
		assertThatIllegalArgumentException().isThrownBy(() -> FlatJson.read(json, "secrets"))
			.withMessageStartingWith("secrets is not a JSON object of strings: ");
	}

	@Test
	void errorsNeverQuoteTheText() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FlatJson.read("{\"password\": s3cr3t}", "secrets"))
			.withMessageContaining("offset 13")
			.withMessageNotContaining("s3cr3t")
			.withMessageNotContaining("password");
	}

}
