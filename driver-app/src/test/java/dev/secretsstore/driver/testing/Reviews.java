package dev.secretsstore.driver.testing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * TokenReview ({@code POST /apis/authentication.k8s.io/v1/tokenreviews}) and
 * SubjectAccessReview ({@code POST /apis/authorization.k8s.io/v1/subjectaccessreviews}),
 * which fabric8's CRUD mock would store and echo rather than answer, answered as
 * kube-apiserver does for the tokens and the non-resource permissions a test sets: a
 * known token authenticates as its user and groups, any other does not
 * ({@code status.error}); a review is allowed when its user or one of its groups was
 * allowed the verb on the path, as a ClusterRole with {@code nonResourceURLs} allows it.
 * A SubjectAccessReview without a user or group, or without exactly one of
 * {@code resourceAttributes} and {@code nonResourceAttributes}, is refused with 422 as
 * the API server refuses it.
 */
final class Reviews {

	static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";

	static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

	private final Map<String, User> users = new ConcurrentHashMap<>();

	private final Set<String> permissions = ConcurrentHashMap.newKeySet();

	private final List<JsonObject> accessReviews = new CopyOnWriteArrayList<>();

	private volatile boolean forbidden;

	private volatile boolean quoteTokens;

	private record User(String name, List<String> groups) {
	}

	static boolean isReview(ApiRequest request) {
		return request.method().equals("POST")
				&& (request.path().equals(TOKEN_REVIEWS) || request.path().equals(ACCESS_REVIEWS));
	}

	void acceptToken(String token, String user, List<String> groups) {
		this.users.put(token, new User(user, List.copyOf(groups)));
	}

	void revokeToken(String token) {
		this.users.remove(token);
	}

	void allow(String userOrGroup, String verb, String path) {
		this.permissions.add(permission(userOrGroup, verb, path));
	}

	void disallow(String userOrGroup, String verb, String path) {
		this.permissions.remove(permission(userOrGroup, verb, path));
	}

	void forbid() {
		this.forbidden = true;
	}

	void quoteTokensInErrors() {
		this.quoteTokens = true;
	}

	List<JsonObject> accessReviews() {
		return List.copyOf(this.accessReviews);
	}

	Answer answer(ApiRequest request, String body) {
		JsonObject review = parse(body);
		if (this.forbidden) {
			String resource = request.path().equals(TOKEN_REVIEWS) ? "tokenreviews" : "subjectaccessreviews";
			String group = request.path().equals(TOKEN_REVIEWS) ? "authentication.k8s.io" : "authorization.k8s.io";
			return Answer.failure(403,
					resource + "." + group + " is forbidden: User "
							+ "\"system:serviceaccount:kube-system:secrets-store-csi-driver\" cannot create resource \""
							+ resource + "\" in API group \"" + group + "\" at the cluster scope",
					group, resource, "");
		}
		return request.path().equals(TOKEN_REVIEWS) ? tokenReview(review) : accessReview(review);
	}

	private Answer tokenReview(JsonObject review) {
		JsonObject spec = object(review, "spec");
		String token = spec.has("token") ? spec.get("token").getAsString() : "";
		User user = this.users.get(token);
		JsonObject status = new JsonObject();
		JsonObject userInfo = new JsonObject();
		if (user != null) {
			status.addProperty("authenticated", true);
			userInfo.addProperty("username", user.name());
			userInfo.addProperty("uid", "uid-of-" + user.name());
			JsonArray groups = new JsonArray();
			user.groups().forEach(groups::add);
			userInfo.add("groups", groups);
		}
		else {
			status.addProperty("error", this.quoteTokens ? "webhook: unknown token \"" + token + "\""
					: "[invalid bearer token, service account token has been invalidated]");
		}
		status.add("user", userInfo);
		return created(review, status);
	}

	private Answer accessReview(JsonObject review) {
		this.accessReviews.add(review);
		JsonObject spec = object(review, "spec");
		String user = spec.has("user") ? spec.get("user").getAsString() : "";
		JsonArray groups = spec.has("groups") ? spec.getAsJsonArray("groups") : new JsonArray();
		if (user.isEmpty() && groups.isEmpty()) {
			return invalid("spec.user: Invalid value: \"\": at least one of user or group must be specified");
		}
		if (spec.has("resourceAttributes") == spec.has("nonResourceAttributes")) {
			return invalid("spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or "
					+ "resourceAttributes must be specified");
		}
		JsonObject status = new JsonObject();
		boolean allowed = false;
		if (spec.has("nonResourceAttributes")) {
			JsonObject attributes = spec.getAsJsonObject("nonResourceAttributes");
			String verb = attributes.has("verb") ? attributes.get("verb").getAsString() : "";
			String path = attributes.has("path") ? attributes.get("path").getAsString() : "";
			allowed = this.permissions.contains(permission(user, verb, path));
			for (JsonElement group : groups) {
				allowed |= this.permissions.contains(permission(group.getAsString(), verb, path));
			}
		}
		status.addProperty("allowed", allowed);
		if (allowed) {
			status.addProperty("reason", "RBAC: allowed by the test's ClusterRoleBinding");
		}
		return created(review, status);
	}

	// the review as sent, with its status, as the API server answers a create of a review
	private static Answer created(JsonObject review, JsonObject status) {
		JsonObject answer = review.deepCopy();
		answer.add("metadata", new JsonObject());
		answer.add("status", status);
		return new Answer(201, answer.toString());
	}

	private static Answer invalid(String cause) {
		return Answer.failure(422, "SubjectAccessReview.authorization.k8s.io \"\" is invalid: " + cause,
				"authorization.k8s.io", "SubjectAccessReview", "");
	}

	private static String permission(String userOrGroup, String verb, String path) {
		return userOrGroup + " " + verb + " " + path;
	}

	private static JsonObject object(JsonObject parent, String name) {
		return (parent.has(name) && parent.get(name).isJsonObject()) ? parent.getAsJsonObject(name) : new JsonObject();
	}

	private static JsonObject parse(String body) {
		try {
			JsonElement parsed = JsonParser.parseString(body);
			if (parsed.isJsonObject()) {
				return parsed.getAsJsonObject();
			}
		}
		catch (JsonParseException ex) {
			// answered below, as any body that is not an object
		}
		throw new IllegalArgumentException("the body of a review must be a JSON object");
	}

}
