package dev.secretsstore.driver.kubernetes;

import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;

/**
 * An in-process API server (fabric8's mock in CRUD mode) for the official client, where every request into the
 * namespace {@value #BROKEN_NAMESPACE} fails with HTTP 500.
 */
public final class ApiServerDouble implements AutoCloseable {

	/** Requests into this namespace answer HTTP 500, to exercise error handling. */
	public static final String BROKEN_NAMESPACE = "broken";

	private final KubernetesMockServer server;

	private final ApiClient client;

	private ApiServerDouble() {
		this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				new FailingNamespace(new KubernetesCrudDispatcher()), false);
		this.server.init();
		this.client = new ApiClient().setBasePath("http://" + this.server.getHostName() + ":" + this.server.getPort());
	}

	/**
	 * A started server; close it after the test.
	 */
	public static ApiServerDouble start() {
		return new ApiServerDouble();
	}

	/**
	 * A client pointed at this server.
	 */
	public ApiClient client() {
		return new ApiClient().setBasePath("http://" + this.server.getHostName() + ":" + this.server.getPort());
	}

	/**
	 * The custom-objects API of a client pointed at this server.
	 */
	public CustomObjectsApi customObjects() {
		return new CustomObjectsApi(this.client);
	}

	/**
	 * Stores {@code object} as a {@code secrets-store.csi.x-k8s.io/v1} resource, as kubectl would.
	 */
	public void create(String namespace, String plural, Map<String, Object> object) throws ApiException {
		customObjects().createNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, namespace, plural,
				object)
			.execute();
	}

	/**
	 * The stored resource as the server returns it.
	 */
	public Map<String, Object> get(String namespace, String plural, String name) throws ApiException {
		return CustomResources.write(customObjects()
			.getNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, namespace, plural, name)
			.execute());
	}

	@Override
	public void close() {
		this.server.destroy();
	}

	/**
	 * Delegates to the CRUD dispatcher except for the broken namespace.
	 */
	private static final class FailingNamespace extends Dispatcher {

		private final Dispatcher crud;

		FailingNamespace(Dispatcher crud) {
			this.crud = crud;
		}

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			if (request.getPath().contains("/namespaces/" + BROKEN_NAMESPACE + "/")) {
				return new MockResponse().setResponseCode(500)
					.setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
							+ "\"message\":\"etcd is down\",\"code\":500}");
			}
			return this.crud.dispatch(request);
		}

	}

}
