package dev.secretsstore.driver.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The parameters of a request's query string, decoded, in the order given.
 */
public final class QueryParameters {

	private QueryParameters() {
	}

	/**
	 * Every value of every parameter; a name without {@code =} has the value {@code ""}.
	 * @param rawQuery the query as sent, or {@code null} for none
	 * @throws IllegalArgumentException naming the parameter that has an invalid escape
	 */
	public static Map<String, List<String>> parse(@Nullable String rawQuery) {
		Map<String, List<String>> values = new LinkedHashMap<>();
		if (rawQuery == null) {
			return values;
		}
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			String[] nameAndValue = pair.split("=", 2);
			String name = decode(nameAndValue[0], nameAndValue[0]);
			values.computeIfAbsent(name, (key) -> new ArrayList<>())
				.add((nameAndValue.length > 1) ? decode(nameAndValue[1], name) : "");
		}
		return values;
	}

	/**
	 * The first value of {@code name}, or {@code null} when the query has none.
	 * @throws IllegalArgumentException when the query has an invalid escape
	 */
	public static @Nullable String first(@Nullable String rawQuery, String name) {
		List<String> values = parse(rawQuery).get(name);
		return (values != null) ? values.get(0) : null;
	}

	private static String decode(String text, String parameter) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"query parameter '" + parameter.replaceAll("[^\\w.-]", "?") + "' has an invalid escape", ex);
		}
	}

}
