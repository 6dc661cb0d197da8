package dev.secretsstore.driver.actuator.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.WebOperationRequestPredicate;

/**
 * One endpoint operation at its path: {@code actuator/health/{*path}} or
 * {@code actuator/loggers/{name}}, as Actuator's request predicate gives it. Matches a
 * request path and yields the path's variables, a match-all variable as the remaining
 * segments, as Spring MVC's endpoint mapping passes them.
 */
record OperationRoute(WebOperation operation, List<String> segments) {

	static OperationRoute of(String basePath, WebOperation operation) {
		String path = basePath + "/" + operation.getRequestPredicate().getPath();
		return new OperationRoute(operation,
				Arrays.stream(path.split("/")).filter((segment) -> !segment.isEmpty()).toList());
	}

	WebOperationRequestPredicate predicate() {
		return this.operation.getRequestPredicate();
	}

	/**
	 * The path variables when {@code requestSegments} match this route, else
	 * {@code null}.
	 */
	@Nullable Map<String, Object> match(List<String> requestSegments) {
		Map<String, Object> variables = new LinkedHashMap<>();
		for (int i = 0; i < this.segments.size(); i++) {
			String segment = this.segments.get(i);
			if (segment.startsWith("{*")) {
				List<String> rest = new ArrayList<>(
						requestSegments.subList(Math.min(i, requestSegments.size()), requestSegments.size()));
				variables.put(segment.substring(2, segment.length() - 1), rest.toArray(String[]::new));
				return variables;
			}
			if (i >= requestSegments.size()) {
				return null;
			}
			if (segment.startsWith("{")) {
				variables.put(segment.substring(1, segment.length() - 1), requestSegments.get(i));
			}
			else if (!segment.equals(requestSegments.get(i))) {
				return null;
			}
		}
		return (requestSegments.size() == this.segments.size()) ? variables : null;
	}

	/**
	 * Routes with fewer variables first, so {@code health} wins over
	 * {@code health/{*path}} for {@code /health}.
	 */
	int variableCount() {
		return (int) this.segments.stream().filter((segment) -> segment.startsWith("{")).count();
	}

}
