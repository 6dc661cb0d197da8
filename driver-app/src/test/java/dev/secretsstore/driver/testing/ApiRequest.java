package dev.secretsstore.driver.testing;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request that reached the {@link KubernetesApiDouble}.
 *
 * @param method the HTTP method
 * @param path the path, without the query
 * @param query the decoded query parameters
 */
public record ApiRequest(String method, String path, Map<String, String> query) {

	static ApiRequest of(String method, URI uri) {
		Map<String, String> query = new LinkedHashMap<>();
		if (uri.getRawQuery() != null) {
			for (String parameter : uri.getRawQuery().split("&")) {
				int equals = parameter.indexOf('=');
				query.put(decode((equals < 0) ? parameter : parameter.substring(0, equals)),
						(equals < 0) ? "" : decode(parameter.substring(equals + 1)));
			}
		}
		return new ApiRequest(method, uri.getRawPath(), Map.copyOf(query));
	}

	/**
	 * Whether this request opens a watch ({@code ?watch=true}) rather than asks once.
	 */
	public boolean isWatch() {
		String watch = this.query.get("watch");
		return "true".equals(watch) || "1".equals(watch);
	}

	/**
	 * Whether this is a list of {@code path}, such as {@code /api/v1/pods}: a GET that is
	 * not a watch.
	 */
	public boolean isList(String path) {
		return this.method.equals("GET") && this.path.equals(path) && !isWatch();
	}

	String parameter(String name) {
		return this.query.get(name);
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

}
