package dev.secretsstore.provider.vault.client;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.web.util.UriUtils;

/**
 * One call to Vault's API that an object needs; objects whose requests are equal share
 * one call within a mount, so the username and password of one dynamic credential match.
 *
 * @param method the HTTP method, upper case, such as {@code GET} or {@code PUT}
 * @param path the API path below {@code /v1/}, such as {@code secret/data/app}
 * @param query the decoded query parameters, sorted by name; empty when none
 * @param body the JSON body ({@code secretArgs}), or {@code null} to send none
 */
public record VaultRequest(String method, String path, Map<String, List<String>> query, Map<String, Object> body) {

	private static final Pattern METHOD = Pattern.compile("[A-Z]{1,20}");

	public VaultRequest {
		query = Collections.unmodifiableMap(new TreeMap<>(query));
		body = (body != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(body)) : null;
	}

	/**
	 * Builds the request of one object as the Go provider does: the {@code v1/} prefix is
	 * optional, a query string becomes request parameters, the method defaults to
	 * {@code GET}.
	 * @throws IllegalArgumentException saying what is wrong with the path or the method
	 */
	public static VaultRequest of(String secretPath, String method, Map<String, Object> args) {
		String text = secretPath;
		int question = text.indexOf('?');
		String rawQuery = (question >= 0) ? text.substring(question + 1) : "";
		String path = stripPrefix((question >= 0) ? text.substring(0, question) : text);
		if (path.isEmpty()) {
			throw new IllegalArgumentException("names no API path");
		}
		for (String segment : path.split("/", -1)) {
			if (segment.equals("..") || segment.equals(".")) {
				throw new IllegalArgumentException("contains a '" + segment + "' element");
			}
		}
		if (path.chars().anyMatch((c) -> c < 0x20 || c == 0x7f || c == '#')) {
			throw new IllegalArgumentException("contains a control character or '#'");
		}
		String verb = method.isEmpty() ? "GET" : method.toUpperCase(Locale.ROOT);
		if (!METHOD.matcher(verb).matches()) {
			throw new IllegalArgumentException("has method '" + method + "', which is not an HTTP method");
		}
		return new VaultRequest(verb, path, parseQuery(rawQuery), args);
	}

	/**
	 * The path and query, encoded, to append to {@code <address>/v1/}.
	 */
	String encodedPathAndQuery() {
		String encodedPath = List.of(this.path.split("/", -1))
			.stream()
			.map((segment) -> UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8))
			.collect(Collectors.joining("/"));
		if (this.query.isEmpty()) {
			return encodedPath;
		}
		List<String> pairs = new ArrayList<>();
		this.query.forEach(
				(name, values) -> values.forEach((value) -> pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8)
						+ "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
		return encodedPath + "?" + String.join("&", pairs);
	}

	/**
	 * The method and path for messages; never the body, which may hold secret arguments.
	 */
	public String describe() {
		return this.method + " /v1/" + encodedPathAndQuery();
	}

	private static String stripPrefix(String path) {
		if (path.startsWith("/v1/")) {
			return path.substring(4);
		}
		if (path.startsWith("v1/")) {
			return path.substring(3);
		}
		return path.startsWith("/") ? path.substring(1) : path;
	}

	/**
	 * Decodes a query string as Go's {@code url.ParseQuery} does, which also refuses ';'
	 * as a separator.
	 */
	private static Map<String, List<String>> parseQuery(String rawQuery) {
		Map<String, List<String>> query = new TreeMap<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			if (pair.indexOf(';') >= 0) {
				throw new IllegalArgumentException("has a ';' in its query string; separate parameters with '&'");
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			query.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		query.replaceAll((name, values) -> List.copyOf(values));
		return query;
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("has an invalid escape in its query string");
		}
	}

}
