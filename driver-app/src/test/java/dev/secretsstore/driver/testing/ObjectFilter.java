package dev.secretsstore.driver.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The objects a list or a watch asks for: those of one resource, in one namespace or in
 * all, that match a label selector and a field selector, read as the API server reads
 * them.
 */
final class ObjectFilter {

	// besides metadata.name and metadata.namespace, which every resource has: the fields
	// that the API server's
	// registry of each resource offers to selectors
	// (pkg/registry/core/<resource>/strategy.go); others are refused
	private static final Map<String, Set<String>> SELECTABLE_FIELDS = Map.of("pods",
			Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
					"spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
			"secrets", Set.of("type"), "events",
			Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
					"involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
					"reportingComponent", "type"));

	private static final Pattern SET_REQUIREMENT = Pattern.compile("(\\S+)\\s+(in|notin)\\s*\\(([^)]*)\\)");

	private static final Pattern EQUALITY_REQUIREMENT = Pattern.compile("([^!=\\s]+)\\s*(==|=|!=)\\s*(\\S*)");

	private static final Pattern EXISTS_REQUIREMENT = Pattern.compile("(!?)\\s*([^!=\\s(),]+)");

	private final ApiPath path;

	private final Predicate<JsonNode> selectors;

	private ObjectFilter(ApiPath path, Predicate<JsonNode> selectors) {
		this.path = path;
		this.selectors = selectors;
	}

	/**
	 * The filter of a request to {@code path} with these selectors (null when absent).
	 * @throws IllegalArgumentException when a selector does not parse or selects a field
	 * the resource does not offer, which the API server answers with 400
	 */
	static ObjectFilter of(ApiPath path, String labelSelector, String fieldSelector) {
		return new ObjectFilter(path, labels(labelSelector).and(fields(path.resource(), fieldSelector)));
	}

	/**
	 * Whether {@code object}, stored at {@code at}, is one of those asked for.
	 */
	boolean matches(ApiPath at, JsonNode object) {
		return this.path.covers(at) && this.selectors.test(object);
	}

	/**
	 * The objects of a list, of this filter's resource and namespace already, that the
	 * selectors match.
	 */
	List<JsonNode> select(JsonNode items) {
		List<JsonNode> selected = new ArrayList<>();
		items.forEach((item) -> {
			if (this.selectors.test(item)) {
				selected.add(item);
			}
		});
		return selected;
	}

	private static Predicate<JsonNode> labels(String selector) {
		Predicate<JsonNode> all = (object) -> true;
		for (String requirement : requirements(selector)) {
			all = all.and(label(requirement.trim()));
		}
		return all;
	}

	private static Predicate<JsonNode> label(String requirement) {
		Matcher set = SET_REQUIREMENT.matcher(requirement);
		if (set.matches()) {
			Set<String> values = Set
				.of(Arrays.stream(set.group(3).split(",")).map(String::trim).toArray(String[]::new));
			boolean in = set.group(2).equals("in");
			return (object) -> {
				String value = label(object, set.group(1));
				return (value != null && values.contains(value)) == in;
			};
		}
		Matcher equality = EQUALITY_REQUIREMENT.matcher(requirement);
		if (equality.matches()) {
			boolean equal = !equality.group(2).equals("!=");
			return (object) -> equality.group(3).equals(label(object, equality.group(1))) == equal;
		}
		Matcher exists = EXISTS_REQUIREMENT.matcher(requirement);
		if (exists.matches()) {
			boolean present = exists.group(1).isEmpty();
			return (object) -> (label(object, exists.group(2)) != null) == present;
		}
		throw new IllegalArgumentException("unable to parse requirement: " + requirement);
	}

	private static String label(JsonNode object, String key) {
		JsonNode value = object.path("metadata").path("labels").path(key);
		return value.isValueNode() ? value.asString() : null;
	}

	// commas separate requirements, except inside the parentheses of "in (a,b)"
	private static List<String> requirements(String selector) {
		List<String> requirements = new ArrayList<>();
		if (selector == null || selector.isBlank()) {
			return requirements;
		}
		int depth = 0;
		int start = 0;
		for (int i = 0; i < selector.length(); i++) {
			char c = selector.charAt(i);
			depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
			if (c == ',' && depth == 0) {
				requirements.add(selector.substring(start, i));
				start = i + 1;
			}
		}
		requirements.add(selector.substring(start));
		return requirements;
	}

	private static Predicate<JsonNode> fields(String resource, String selector) {
		Predicate<JsonNode> all = (object) -> true;
		if (selector == null || selector.isBlank()) {
			return all;
		}
		for (String requirement : selector.split(",")) {
			Matcher equality = EQUALITY_REQUIREMENT.matcher(requirement.trim());
			if (!equality.matches()) {
				throw new IllegalArgumentException("invalid selector: '" + selector + "'");
			}
			String field = equality.group(1);
			if (!field.equals("metadata.name") && !field.equals("metadata.namespace")
					&& !SELECTABLE_FIELDS.getOrDefault(resource, Set.of()).contains(field)) {
				throw new IllegalArgumentException("field label not supported: " + field);
			}
			boolean equal = !equality.group(2).equals("!=");
			all = all.and((object) -> equality.group(3).equals(field(object, field)) == equal);
		}
		return all;
	}

	// an absent field reads as empty, as the API server's field set does:
	// "spec.nodeName=" selects unscheduled pods
	private static String field(JsonNode object, String field) {
		JsonNode value = object;
		for (String name : field.split("\\.")) {
			value = value.path(name);
		}
		return (value.isValueNode() && !value.isNull()) ? value.asString() : "";
	}

}
