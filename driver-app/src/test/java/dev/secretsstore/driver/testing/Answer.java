package dev.secretsstore.driver.testing;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the API server double answers one request with: an HTTP status and a JSON body.
 *
 * @param code the HTTP status
 * @param body the JSON body, null for none
 */
record Answer(int code, String body) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	boolean isSuccess() {
		return this.code >= 200 && this.code < 300;
	}

	/**
	 * A failure as the API server reports it: a {@code Status} object whose reason
	 * matches {@code code}.
	 */
	static Answer failure(int code, String message) {
		return status(code, reason(code), message, null, null, null);
	}

	/**
	 * A failure whose details name the object {@code name} of {@code kind} in
	 * {@code group}, as the API server reports the failures of a subresource: they name
	 * the kind or resource that failed, not the one requested.
	 */
	static Answer failure(int code, String message, String group, String kind, String name) {
		return status(code, reason(code), message, group, kind, name);
	}

	static Answer notFound(ApiPath path) {
		return status(404, "NotFound", path.resource() + " \"" + path.name() + "\" not found", path.group(),
				path.plural(), path.name());
	}

	static Answer alreadyExists(ApiPath path, String name) {
		return status(409, "AlreadyExists", path.resource() + " \"" + name + "\" already exists", path.group(),
				path.plural(), name);
	}

	static Answer conflict(ApiPath path) {
		return conflict(path,
				"the object has been modified; please apply your changes to the latest version and try again");
	}

	/**
	 * A 409 Conflict on the object {@code path}, such as a DELETE whose preconditions
	 * fail.
	 */
	static Answer conflict(ApiPath path, String detail) {
		return status(409, "Conflict",
				"Operation cannot be fulfilled on " + path.resource() + " \"" + path.name() + "\": " + detail,
				path.group(), path.plural(), path.name());
	}

	/**
	 * The answer to a change of a field that cannot change, such as a Secret's type.
	 */
	static Answer immutable(String kind, ApiPath path, String field, String value) {
		return status(422, "Invalid", kind + " \"" + path.name() + "\" is invalid: " + field + ": Invalid value: \""
				+ value + "\": field is immutable", path.group(), path.plural(), path.name());
	}

	private static String reason(int code) {
		return switch (code) {
			case 400 -> "BadRequest";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "NotFound";
			case 409 -> "Conflict";
			case 422 -> "Invalid";
			case 429 -> "TooManyRequests";
			case 500 -> "InternalError";
			case 503 -> "ServiceUnavailable";
			case 504 -> "Timeout";
			default -> "";
		};
	}

	private static Answer status(int code, String reason, String message, String group, String kind, String name) {
		ObjectNode status = JSON.createObjectNode()
			.put("kind", "Status")
			.put("apiVersion", "v1")
			.put("status", "Failure")
			.put("message", message)
			.put("reason", reason)
			.put("code", code);
		status.putObject("metadata");
		if (kind != null) {
			status.putObject("details").put("name", name).put("group", group).put("kind", kind);
		}
		return new Answer(code, JSON.writeValueAsString(status));
	}

}
