package dev.secretsstore.driver.events;

import java.util.HashMap;
import java.util.List;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;

/**
 * An in-process API server (fabric8's mock in CRUD mode) for the official client that counts requests.
 */
final class EventsApiDouble implements AutoCloseable {

	private final KubernetesMockServer server;

	private final CoreV1Api api;

	EventsApiDouble() {
		this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				new KubernetesCrudDispatcher(), false);
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
	 * The Events stored in {@code namespace}.
	 */
	List<CoreV1Event> events(String namespace) throws ApiException {
		return this.api.listNamespacedEvent(namespace).execute().getItems();
	}

	@Override
	public void close() {
		this.server.destroy();
	}

}
