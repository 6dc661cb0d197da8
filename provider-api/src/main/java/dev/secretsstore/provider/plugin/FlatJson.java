package dev.secretsstore.provider.plugin;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * The protocol's JSON fields: a flat object of strings ({@code attributes},
 * {@code secrets}). Written with sorted keys, as Go's {@code json.Marshal} writes a map,
 * so equal requests are equal bytes.
 */
final class FlatJson {

	private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

	private FlatJson() {
	}

	static String write(Map<String, String> map) {
		return GSON.toJson(new TreeMap<>(map));
	}

	/**
	 * Reads a flat object of strings; an empty field or JSON {@code null} (Go's nil map)
	 * is an empty map.
	 * @param field the field's name, for the error message
	 * @throws IllegalArgumentException naming the field, never quoting its content (it
	 * may hold secrets)
	 */
	static Map<String, String> read(String json, String field) {
		if (json.isBlank()) {
			return Map.of();
		}
		JsonElement element;
		try {
			JsonReader reader = new JsonReader(new StringReader(json));
			reader.setStrictness(Strictness.STRICT);
			element = JsonParser.parseReader(reader);
			if (reader.peek() != JsonToken.END_DOCUMENT) {
				throw notFlat(field);
			}
		}
		catch (JsonParseException | IOException ex) {
			throw notFlat(field);
		}
		if (element.isJsonNull()) {
			return Map.of();
		}
		if (!element.isJsonObject()) {
			throw notFlat(field);
		}
		JsonObject object = element.getAsJsonObject();
		Map<String, String> map = new LinkedHashMap<>();
		for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
			JsonElement value = entry.getValue();
			if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
				throw new IllegalArgumentException(field + " must be a JSON object of strings, but the value of \""
						+ entry.getKey() + "\" is not a string");
			}
			map.put(entry.getKey(), value.getAsString());
		}
		return map;
	}

	private static IllegalArgumentException notFlat(String field) {
		return new IllegalArgumentException(field + " is not a JSON object of strings");
	}

}
