package dev.secretsstore.driver.sync;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;

/**
 * An in-process API server (fabric8's mock in CRUD mode) for the official client that counts requests, answers 403
 * in the namespace {@value #FORBIDDEN_NAMESPACE}, refuses a PUT that changes a Secret's type, and can answer one PUT
 * with 409 as a real server does for a stale resourceVersion (the mock does neither).
 */
final class SecretsApiDouble implements AutoCloseable {

	static final String FORBIDDEN_NAMESPACE = "locked";

	private final KubernetesMockServer server;

	private final CoreV1Api api;

	private final AtomicBoolean conflictOnNextPut = new AtomicBoolean();

	SecretsApiDouble() {
		this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				new Faults(new KubernetesCrudDispatcher(), this.conflictOnNextPut), false);
		this.server.init();
		this.api = new CoreV1Api(
				new ApiClient().setBasePath("http://" + this.server.getHostName() + ":" + this.server.getPort()));
	}

	CoreV1Api api() {
		return this.api;
	}

	/**
	 * How many requests the server has received so far.
	 */
	int requestCount() {
		return this.server.getRequestCount();
	}

	/**
	 * Makes the next PUT fail with 409 Conflict.
	 */
	void conflictOnNextPut() {
		this.conflictOnNextPut.set(true);
	}

	@Override
	public void close() {
		this.server.destroy();
	}

	/**
	 * Delegates to the CRUD dispatcher except for the faults it was told to inject.
	 */
	private static final class Faults extends Dispatcher {

		private static final ObjectMapper JSON = new ObjectMapper();

		private final Dispatcher crud;

		private final AtomicBoolean conflictOnNextPut;

		Faults(Dispatcher crud, AtomicBoolean conflictOnNextPut) {
			this.crud = crud;
			this.conflictOnNextPut = conflictOnNextPut;
		}

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			if (request.getPath().contains("/namespaces/" + FORBIDDEN_NAMESPACE + "/")) {
				return status(403, "Forbidden", "secrets is forbidden: User cannot create resource");
			}
			if ("PUT".equals(request.getMethod()) && this.conflictOnNextPut.compareAndSet(true, false)) {
				return status(409, "Conflict", "the object has been modified");
			}
			if ("PUT".equals(request.getMethod())) {
				// reading the body consumes it: hand the CRUD dispatcher a copy
				String body = request.getUtf8Body();
				if (changesType(request, body)) {
					return status(422, "Invalid", "Secret is invalid: type: Invalid value: field is immutable");
				}
				return this.crud.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT,
						request.getPath(), request.getHeaders(), new Buffer(body.getBytes(StandardCharsets.UTF_8))));
			}
			return this.crud.dispatch(request);
		}

		private boolean changesType(RecordedRequest put, String body) {
			MockResponse stored = this.crud.dispatch(new RecordedRequest(put.getHttpVersion(), HttpMethod.GET,
					put.getPath(), put.getHeaders(), new Buffer()));
			return stored.code() == 200 && !Objects.equals(type(stored.getBody().readUtf8()), type(body));
		}

		private static String type(String json) {
			try {
				return JSON.readTree(json).path("type").asText(null);
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException("the double got invalid JSON", ex);
			}
		}

		private static MockResponse status(int code, String reason, String message) {
			return new MockResponse().setResponseCode(code)
				.setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"" + reason
						+ "\",\"message\":\"" + message + "\",\"code\":" + code + "}");
		}

	}

}
