package dev.secretsstore.driver.kubernetes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secretsstore.driver.testing.TestTokens;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ServiceAccount;

/**
 * An in-process API server (fabric8's mock in CRUD mode) that also answers the TokenRequest subresource
 * ({@code POST /api/v1/namespaces/<ns>/serviceaccounts/<name>/token}), which the CRUD mock lacks, as kube-apiserver
 * does: it checks the service account, the lifetime (at least 10 minutes) and the bound pod (it must exist, run as
 * that service account and have the UID given), then answers with {@code status.token} (an unsigned JWT) and
 * {@code status.expirationTimestamp}. It records every TokenRequest it is sent, and can refuse them as an API server
 * does when the driver lacks the RBAC.
 */
final class TokenApiDouble implements AutoCloseable {

	private static final Pattern TOKEN = Pattern.compile("/api/v1/namespaces/([^/]+)/serviceaccounts/([^/?]+)/token");

	/** The bodies of the TokenRequests received, in order. */
	final List<JsonObject> tokenRequests = new CopyOnWriteArrayList<>();

	/** When set, TokenRequests are refused with 403, as without {@code create serviceaccounts/token}. */
	volatile boolean forbidden;

	private final KubernetesMockServer server;

	private final CoreV1Api api;

	TokenApiDouble() {
		this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				new TokenRequests(new KubernetesCrudDispatcher()), false);
		this.server.init();
		this.api = new CoreV1Api(
				new ApiClient().setBasePath("http://" + this.server.getHostName() + ":" + this.server.getPort()));
	}

	CoreV1Api api() {
		return this.api;
	}

	void createServiceAccount(String namespace, String name) throws ApiException {
		this.api
			.createNamespacedServiceAccount(namespace,
					new V1ServiceAccount().apiVersion("v1")
						.kind("ServiceAccount")
						.metadata(new V1ObjectMeta().name(name).namespace(namespace)))
			.execute();
	}

	/**
	 * Creates a pod running as {@code serviceAccount}.
	 * @return the pod's UID, which the server assigns
	 */
	String createPod(String namespace, String name, String serviceAccount) throws ApiException {
		return this.api
			.createNamespacedPod(namespace,
					new V1Pod().apiVersion("v1")
						.kind("Pod")
						.metadata(new V1ObjectMeta().name(name).namespace(namespace))
						.spec(new V1PodSpec().serviceAccountName(serviceAccount)
							.containers(List.of(new V1Container().name("app").image("app")))))
			.execute()
			.getMetadata()
			.getUid();
	}

	void deletePod(String namespace, String name) throws ApiException {
		this.api.deleteNamespacedPod(name, namespace).execute();
	}

	@Override
	public void close() {
		this.server.destroy();
	}

	/**
	 * Answers TokenRequests itself and hands every other request to the CRUD dispatcher, whose store it reads for
	 * the service account and the pod.
	 */
	private final class TokenRequests extends Dispatcher {

		private final Dispatcher crud;

		TokenRequests(Dispatcher crud) {
			this.crud = crud;
		}

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			Matcher matcher = TOKEN.matcher(request.getPath().split("\\?", 2)[0]);
			if (!matcher.matches() || !"POST".equals(request.getMethod())) {
				return this.crud.dispatch(request);
			}
			JsonObject body = JsonParser.parseString(request.getUtf8Body()).getAsJsonObject();
			TokenApiDouble.this.tokenRequests.add(body);
			return token(matcher.group(1), matcher.group(2), body);
		}

		private MockResponse token(String namespace, String serviceAccount, JsonObject body) {
			if (TokenApiDouble.this.forbidden) {
				return status(403, "Forbidden", "serviceaccounts \"" + serviceAccount + "\" is forbidden: User "
						+ "\"system:serviceaccount:kube-system:secrets-store-csi-driver\" cannot create resource "
						+ "\"serviceaccounts/token\" in API group \"\" in the namespace \"" + namespace + "\"",
						"serviceaccounts", serviceAccount);
			}
			if (get("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + serviceAccount) == null) {
				return status(404, "NotFound", "serviceaccounts \"" + serviceAccount + "\" not found",
						"serviceaccounts", serviceAccount);
			}
			JsonObject spec = body.getAsJsonObject("spec");
			long seconds = spec.has("expirationSeconds") ? spec.get("expirationSeconds").getAsLong() : 3600;
			if (seconds < 600) {
				return status(422, "Invalid", "TokenRequest.authentication.k8s.io \"" + serviceAccount
						+ "\" is invalid: spec.expirationSeconds: Invalid value: " + seconds
						+ ": may not specify a duration less than 10 minutes", "TokenRequest", serviceAccount);
			}
			if (spec.has("boundObjectRef")) {
				JsonObject ref = spec.getAsJsonObject("boundObjectRef");
				String name = ref.get("name").getAsString();
				JsonObject pod = get("/api/v1/namespaces/" + namespace + "/pods/" + name);
				if (pod == null) {
					return status(404, "NotFound", "pods \"" + name + "\" not found", "pods", name);
				}
				if (!serviceAccount.equals(pod.getAsJsonObject("spec").get("serviceAccountName").getAsString())) {
					return status(400, "BadRequest", "cannot bind token for serviceaccount \"" + serviceAccount
							+ "\" to pod running with different serviceaccount name.", null, null);
				}
				String uid = ref.has("uid") ? ref.get("uid").getAsString() : "";
				if (!uid.isEmpty() && !uid.equals(pod.getAsJsonObject("metadata").get("uid").getAsString())) {
					return status(409, "Conflict", "Operation cannot be fulfilled on Pod \"" + name + "\": the UID in "
							+ "the bound object reference (" + uid + ") does not match the UID in record. The object "
							+ "might have been deleted and then recreated", "Pod", name);
				}
			}
			Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
			Instant expiry = now.plusSeconds(seconds);
			JsonObject answer = body.deepCopy();
			JsonObject metadata = new JsonObject();
			metadata.addProperty("name", serviceAccount);
			metadata.addProperty("namespace", namespace);
			answer.add("metadata", metadata);
			if (!spec.has("audiences") || spec.getAsJsonArray("audiences").isEmpty()) {
				JsonArray audiences = new JsonArray();
				audiences.add("https://kubernetes.default.svc.cluster.local");
				answer.getAsJsonObject("spec").add("audiences", audiences);
			}
			JsonObject status = new JsonObject();
			status.addProperty("token",
					TestTokens.jwt("system:serviceaccount:" + namespace + ":" + serviceAccount, now, expiry));
			status.addProperty("expirationTimestamp", expiry.toString());
			answer.add("status", status);
			return new MockResponse().setResponseCode(201).setBody(answer.toString());
		}

		/**
		 * The object at {@code path} in the CRUD store, or null.
		 */
		private JsonObject get(String path) {
			MockResponse response = this.crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, path,
					Headers.builder().build(), new Buffer()));
			if (response.code() != 200) {
				return null;
			}
			JsonElement object = JsonParser.parseString(response.getBody().readString(StandardCharsets.UTF_8));
			return object.getAsJsonObject();
		}

		private static MockResponse status(int code, String reason, String message, String kind, String name) {
			JsonObject status = new JsonObject();
			status.addProperty("kind", "Status");
			status.addProperty("apiVersion", "v1");
			status.add("metadata", new JsonObject());
			status.addProperty("status", "Failure");
			status.addProperty("message", message);
			status.addProperty("reason", reason);
			if (kind != null) {
				JsonObject details = new JsonObject();
				details.addProperty("name", name);
				details.addProperty("kind", kind);
				status.add("details", details);
			}
			status.addProperty("code", code);
			return new MockResponse().setResponseCode(code).setBody(status.toString());
		}

	}

}
