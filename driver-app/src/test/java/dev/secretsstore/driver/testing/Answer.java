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
	 * A failure as the API server reports it: a {@code Status} object whose reason matches {@code code}.
	 */
	static Answer failure(int code, String message) {
		String reason = switch (code) {
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
		return status(code, reason, message, null, null);
	}

	static Answer notFound(ApiPath path) {
		return status(404, "NotFound", path.resource() + " \"" + path.name() + "\" not found", path, path.name());
	}

	static Answer alreadyExists(ApiPath path, String name) {
		return status(409, "AlreadyExists", path.resource() + " \"" + name + "\" already exists", path, name);
	}

	static Answer conflict(ApiPath path) {
		return conflict(path,
				"the object has been modified; please apply your changes to the latest version and try again");
	}

	/**
	 * A 409 Conflict on the object {@code path}, such as a DELETE whose preconditions fail.
	 */
	static Answer conflict(ApiPath path, String detail) {
		return status(409, "Conflict",
				"Operation cannot be fulfilled on " + path.resource() + " \"" + path.name() + "\": " + detail, path,
				path.name());
	}

	/**
	 * The answer to a change of a field that cannot change, such as a Secret's type.
	 */
	static Answer immutable(String kind, ApiPath path, String field, String value) {
		return status(422, "Invalid", kind + " \"" + path.name() + "\" is invalid: " + field + ": Invalid value: \""
				+ value + "\": field is immutable", path, path.name());
	}

	private static Answer status(int code, String reason, String message, ApiPath path, String name) {
		ObjectNode status = JSON.createObjectNode()
			.put("kind", "Status")
			.put("apiVersion", "v1")
			.put("status", "Failure")
			.put("message", message)
			.put("reason", reason)
			.put("code", code);
		status.putObject("metadata");
		if (path != null) {
			status.putObject("details").put("name", name).put("group", path.group()).put("kind", path.plural());
		}
		return new Answer(code, JSON.writeValueAsString(status));
	}

}
