package dev.secretsstore.driver.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The TokenRequest subresource of service accounts
 * ({@code POST /api/v1/namespaces/<ns>/serviceaccounts/<name>/token}), which fabric8's
 * CRUD mock lacks, answered as kube-apiserver does: it checks the service account, the
 * lifetime (at least 10 minutes) and the bound pod (it must exist, run as that service
 * account and have the UID given), then answers with {@code status.token}, an unsigned
 * JWT from {@link TestTokens}, and {@code status.expirationTimestamp}. The service
 * account and the pod are read from the {@link ApiServer}'s store, so a test creates them
 * as any other object.
 * <p>
 * The bodies are Gson's, as client-java, which sends them, reads and writes JSON.
 */
final class TokenRequests {

	private static final Pattern PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/serviceaccounts/([^/]+)/token");

	// the audience of the API server's own service-account issuer, for a TokenRequest
	// that names none
	private static final String DEFAULT_AUDIENCE = "https://kubernetes.default.svc.cluster.local";

	private static final long DEFAULT_SECONDS = 3600;

	private static final long MINIMUM_SECONDS = 600;

	private final ApiServer server;

	private final List<JsonObject> received = new CopyOnWriteArrayList<>();

	private volatile boolean forbidden;

	TokenRequests(ApiServer server) {
		this.server = server;
	}

	/**
	 * Whether {@code request} creates a TokenRequest.
	 */
	static boolean isTokenRequest(ApiRequest request) {
		return request.method().equals("POST") && PATH.matcher(request.path()).matches();
	}

	/**
	 * The bodies of the TokenRequests received so far, refused ones included, in order.
	 */
	List<JsonObject> received() {
		return List.copyOf(this.received);
	}

	/**
	 * Refuses every TokenRequest from now on with 403, as the API server does when the
	 * client may not {@code create serviceaccounts/token}.
	 */
	void forbid() {
		this.forbidden = true;
	}

	/**
	 * The answer to the TokenRequest {@code request}, whose body is {@code body}.
	 * @throws IllegalArgumentException when the body is not a JSON object, which the API
	 * server answers with 400
	 */
	Answer answer(ApiRequest request, String body) {
		Matcher matcher = PATH.matcher(request.path());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("not a TokenRequest: " + request.path());
		}
		String namespace = matcher.group(1);
		String serviceAccount = matcher.group(2);
		JsonObject tokenRequest = parse(body);
		this.received.add(tokenRequest);
		if (this.forbidden) {
			return Answer.failure(403,
					"serviceaccounts \"" + serviceAccount + "\" is forbidden: User "
							+ "\"system:serviceaccount:kube-system:secrets-store-csi-driver\" cannot create resource "
							+ "\"serviceaccounts/token\" in API group \"\" in the namespace \"" + namespace + "\"",
					"", "serviceaccounts", serviceAccount);
		}
		// the API server looks the service account up first, and answers its 404 as it is
		Answer account = read("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + serviceAccount);
		if (!account.isSuccess()) {
			return account;
		}
		JsonObject spec = tokenRequest.has("spec") ? tokenRequest.getAsJsonObject("spec") : new JsonObject();
		long seconds = spec.has("expirationSeconds") ? spec.get("expirationSeconds").getAsLong() : DEFAULT_SECONDS;
		if (seconds < MINIMUM_SECONDS) {
			return Answer.failure(422,
					"TokenRequest.authentication.k8s.io \"" + serviceAccount
							+ "\" is invalid: spec.expirationSeconds: Invalid value: " + seconds
							+ ": may not specify a duration less than 10 minutes",
					"authentication.k8s.io", "TokenRequest", serviceAccount);
		}
		if (spec.has("boundObjectRef")) {
			Answer refused = unlessBindable(namespace, serviceAccount, spec.getAsJsonObject("boundObjectRef"));
			if (refused != null) {
				return refused;
			}
		}
		return new Answer(201, token(namespace, serviceAccount, tokenRequest, spec, seconds).toString());
	}

	// the bound pod must exist, run as the service account and, when the reference has a
	// UID, be that pod
	private Answer unlessBindable(String namespace, String serviceAccount, JsonObject reference) {
		String name = reference.get("name").getAsString();
		Answer read = read("/api/v1/namespaces/" + namespace + "/pods/" + name);
		if (!read.isSuccess()) {
			return read;
		}
		JsonObject pod = JsonParser.parseString(read.body()).getAsJsonObject();
		JsonObject podSpec = pod.getAsJsonObject("spec");
		// the ServiceAccount admission plugin gives a pod that names none the namespace's
		// default
		String runsAs = (podSpec != null && podSpec.has("serviceAccountName"))
				? podSpec.get("serviceAccountName").getAsString() : "default";
		if (!serviceAccount.equals(runsAs)) {
			return Answer.failure(400, "cannot bind token for serviceaccount \"" + serviceAccount
					+ "\" to pod running with different serviceaccount name.");
		}
		String uid = reference.has("uid") ? reference.get("uid").getAsString() : "";
		if (!uid.isEmpty() && !uid.equals(pod.getAsJsonObject("metadata").get("uid").getAsString())) {
			return Answer.failure(409, "Operation cannot be fulfilled on Pod \"" + name + "\": the UID in the bound "
					+ "object reference (" + uid + ") does not match the UID in record. The object might have been "
					+ "deleted and then recreated", "", "Pod", name);
		}
		return null;
	}

	// the request as sent, with the service account's metadata, the default audience and
	// the token
	private static JsonObject token(String namespace, String serviceAccount, JsonObject tokenRequest, JsonObject spec,
			long seconds) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Instant expiry = now.plusSeconds(seconds);
		JsonObject answer = tokenRequest.deepCopy();
		JsonObject metadata = new JsonObject();
		metadata.addProperty("name", serviceAccount);
		metadata.addProperty("namespace", namespace);
		answer.add("metadata", metadata);
		JsonObject answered = spec.deepCopy();
		if (!answered.has("audiences") || answered.getAsJsonArray("audiences").isEmpty()) {
			JsonArray audiences = new JsonArray();
			audiences.add(DEFAULT_AUDIENCE);
			answered.add("audiences", audiences);
		}
		answer.add("spec", answered);
		JsonObject status = new JsonObject();
		status.addProperty("token",
				TestTokens.jwt("system:serviceaccount:" + namespace + ":" + serviceAccount, now, expiry));
		status.addProperty("expirationTimestamp", expiry.toString());
		answer.add("status", status);
		return answer;
	}

	private Answer read(String path) {
		return this.server.serve(new ApiRequest("GET", path, Map.of()), null, null);
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
		throw new IllegalArgumentException("the body of a TokenRequest must be a JSON object");
	}

}
