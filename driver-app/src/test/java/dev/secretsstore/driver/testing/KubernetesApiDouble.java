package dev.secretsstore.driver.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.secretsstore.driver.model.CustomResources;
import dev.secretsstore.driver.testing.WatchLog.Watch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * An in-process Kubernetes API server for the official client: fabric8's mock in CRUD
 * mode behind an HTTP front that serves what the mock does not, above all watches over
 * chunked HTTP as client-java's informers use them.
 * <p>
 * It counts the requests it receives and injects the faults a test asks for; objects a
 * test seeds are neither counted nor subject to faults. Close it after the test: that
 * also ends the open watches.
 * <p>
 * Deleting an object collects its dependents, as Kubernetes' garbage collector does in
 * the background: the pods, Secrets, ConfigMaps, ReplicaSets and
 * SecretProviderClassPodStatuses that listed it as an owner lose that owner reference,
 * and those left without owners are deleted in turn, each change seen by watches as any
 * other write. Kubernetes collects a moment later; here it happens within the DELETE,
 * unless a test {@linkplain #holdGarbageCollection() holds the collector back}.
 * <p>
 * It also answers the TokenRequest subresource
 * ({@code POST /api/v1/namespaces/<ns>/serviceaccounts/<name>/token}) as kube-apiserver
 * does, with an unsigned JWT for the service account bound to the pod named, and records
 * the bodies it is sent ({@link #tokenRequests()}). It answers TokenReviews and
 * SubjectAccessReviews for the tokens and non-resource permissions a test sets
 * ({@link #acceptToken}, {@link #allow}), as the API server does with its authenticators
 * and RBAC.
 * <p>
 * An informer of the pods of one node, whose list and watch both carry the field
 * selector: <pre class="code">
 * GenericKubernetesApi&lt;V1Pod, V1PodList&gt; pods = new GenericKubernetesApi&lt;&gt;(V1Pod.class, V1PodList.class, "", "v1",
 * 		"pods", server.client());
 * ListerWatcher&lt;V1Pod, V1PodList&gt; onNode = new ListerWatcher&lt;&gt;() {
 * 	public V1PodList list(CallGeneratorParams params) throws ApiException {
 * 		return pods.list(options(params)).throwsApiException().getObject();
 * 	}
 * 	public Watchable&lt;V1Pod&gt; watch(CallGeneratorParams params) throws ApiException {
 * 		return pods.watch(options(params));
 * 	}
 * 	// options(params): new ListOptions().fieldSelector("spec.nodeName=node-a")
 * 	// 		.resourceVersion(params.resourceVersion).timeoutSeconds(params.timeoutSeconds)
 * };
 * SharedIndexInformer&lt;V1Pod&gt; informer = new SharedInformerFactory(server.client())
 * 	.sharedIndexInformerFor(onNode, V1Pod.class, 0);
 * </pre> after which
 * {@code server.requestCount((request) -> request.isList("/api/v1/pods"))} stays 1 while
 * the informer follows its watch.
 *
 * @see ApiServer
 */
public final class KubernetesApiDouble implements AutoCloseable {

	// without timeoutSeconds the API server ends a watch after its --min-request-timeout
	// (30 min) to twice that
	private static final Duration DEFAULT_WATCH_TIMEOUT = Duration.ofMinutes(30);

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final ApiServer server = new ApiServer();

	private final TokenRequests tokenRequests = new TokenRequests(this.server);

	private final Reviews reviews = new Reviews();

	// a watch holds its thread for as long as it is open
	private final ExecutorService threads = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "kubernetes-api-double");
		thread.setDaemon(true);
		return thread;
	});

	private final HttpServer front;

	private final ApiClient client;

	private final List<ApiRequest> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Answer> failingNamespaces = new ConcurrentHashMap<>();

	private final AtomicBoolean conflictOnNextPut = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	private KubernetesApiDouble() throws IOException {
		this.front = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.front.setExecutor(this.threads);
		this.front.createContext("/", this::handle);
		this.front.start();
		// no read timeout: a watch is quiet until something changes
		this.client = new ApiClient().setBasePath(url()).setReadTimeout(0);
	}

	/**
	 * A started server; close it after the test.
	 */
	public static KubernetesApiDouble start() {
		try {
			return new KubernetesApiDouble();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start the API server double", ex);
		}
	}

	/**
	 * The base URL of the server, such as {@code http://127.0.0.1:41234}.
	 */
	public String url() {
		return "http://" + this.front.getAddress().getAddress().getHostAddress() + ":"
				+ this.front.getAddress().getPort();
	}

	/**
	 * Writes a kubeconfig file that points at this server, for a driver that finds its
	 * API server through {@code KUBECONFIG} (in process or as its own process).
	 * @return {@code file}
	 */
	public Path writeKubeConfig(Path file) throws IOException {
		return Files.writeString(file, """
				apiVersion: v1
				kind: Config
				clusters:
				- name: double
				  cluster:
				    server: %s
				users:
				- name: driver
				  user:
				    token: not-a-real-token
				contexts:
				- name: double
				  context:
				    cluster: double
				    user: driver
				current-context: double
				""".formatted(url()));
	}

	/**
	 * A client of this server, without read timeout so that watches stay open.
	 */
	public ApiClient client() {
		return this.client;
	}

	public CoreV1Api core() {
		return new CoreV1Api(this.client);
	}

	public CustomObjectsApi customObjects() {
		return new CustomObjectsApi(this.client);
	}

	/**
	 * Every request received so far, in order.
	 */
	public List<ApiRequest> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * How many requests the server has received so far.
	 */
	public int requestCount() {
		return this.requests.size();
	}

	/**
	 * How many of the requests received so far are {@code which}, for example
	 * {@code requestCount((request) -> !request.isWatch())}.
	 */
	public int requestCount(Predicate<ApiRequest> which) {
		return (int) this.requests.stream().filter(which).count();
	}

	/**
	 * Makes every request into {@code namespace}, watches included, fail with
	 * {@code code} and a Status whose message is {@code message}, such as 500 "etcd is
	 * down" or 403 from RBAC.
	 */
	public void failNamespace(String namespace, int code, String message) {
		this.failingNamespaces.put(namespace, Answer.failure(code, message));
	}

	/**
	 * Makes the next PUT fail with 409 Conflict, as if another client had written the
	 * object since it was read.
	 */
	public void conflictOnNextPut() {
		this.conflictOnNextPut.set(true);
	}

	/**
	 * The bodies of the TokenRequests received so far, in order: those refused included,
	 * unless a {@linkplain #failNamespace failing namespace} answered them first.
	 */
	public List<JsonObject> tokenRequests() {
		return this.tokenRequests.received();
	}

	/**
	 * Refuses every TokenRequest from now on with 403, as the API server does when the
	 * client may not {@code create serviceaccounts/token}.
	 */
	public void forbidTokenRequests() {
		this.tokenRequests.forbid();
	}

	/**
	 * Makes {@code token} authenticate in TokenReviews as {@code user}, a member of
	 * {@code groups}.
	 */
	public void acceptToken(String token, String user, String... groups) {
		this.reviews.acceptToken(token, user, List.of(groups));
	}

	/**
	 * Makes {@code token} fail TokenReviews from now on, as a deleted service account's
	 * token does.
	 */
	public void revokeToken(String token) {
		this.reviews.revokeToken(token);
	}

	/**
	 * Lets the user or group {@code userOrGroup} do {@code verb} on the non-resource URL
	 * {@code path} in SubjectAccessReviews, as a ClusterRole with
	 * {@code nonResourceURLs: [path]} and {@code verbs: [verb]} bound to it does.
	 */
	public void allow(String userOrGroup, String verb, String path) {
		this.reviews.allow(userOrGroup, verb, path);
	}

	/**
	 * Takes back what {@link #allow} gave, as deleting the ClusterRoleBinding does.
	 */
	public void disallow(String userOrGroup, String verb, String path) {
		this.reviews.disallow(userOrGroup, verb, path);
	}

	/**
	 * Refuses every TokenReview and SubjectAccessReview from now on with 403, as the API
	 * server does when the client may not create them.
	 */
	public void forbidReviews() {
		this.reviews.forbid();
	}

	/**
	 * Makes the error of a failed TokenReview quote the token, as a careless webhook
	 * authenticator's might.
	 */
	public void quoteTokensInTokenReviewErrors() {
		this.reviews.quoteTokensInErrors();
	}

	/**
	 * The bodies of the SubjectAccessReviews received so far, in order.
	 */
	public List<JsonObject> accessReviews() {
		return this.reviews.accessReviews();
	}

	/**
	 * Whether {@code request} is a TokenReview.
	 */
	public static boolean isTokenReview(ApiRequest request) {
		return request.method().equals("POST") && request.path().equals(Reviews.TOKEN_REVIEWS);
	}

	/**
	 * Whether {@code request} is a SubjectAccessReview.
	 */
	public static boolean isAccessReview(ApiRequest request) {
		return request.method().equals("POST") && request.path().equals(Reviews.ACCESS_REVIEWS);
	}

	/**
	 * Holds back the garbage collector, as if it lagged behind, which Kubernetes' may:
	 * the objects that objects deleted from now on own stay, owner references and all,
	 * until {@link #releaseGarbageCollection()}.
	 */
	public void holdGarbageCollection() {
		this.server.holdGarbageCollection();
	}

	/**
	 * Collects what the garbage collector was held back from, and collects at once from
	 * now on.
	 */
	public void releaseGarbageCollection() {
		this.server.releaseGarbageCollection();
	}

	/**
	 * Stores {@code pod}, which names its namespace.
	 */
	public V1Pod create(V1Pod pod) {
		return seed(new ApiPath("", "v1", "pods", pod.getMetadata().getNamespace(), null), JSON.serialize(pod),
				(stored) -> JSON.deserialize(stored, V1Pod.class));
	}

	/**
	 * Stores {@code serviceAccount}, which names its namespace.
	 */
	public V1ServiceAccount create(V1ServiceAccount serviceAccount) {
		return seed(new ApiPath("", "v1", "serviceaccounts", serviceAccount.getMetadata().getNamespace(), null),
				JSON.serialize(serviceAccount), (stored) -> JSON.deserialize(stored, V1ServiceAccount.class));
	}

	/**
	 * Stores {@code secret}, which names its namespace.
	 */
	public V1Secret create(V1Secret secret) {
		return seed(new ApiPath("", "v1", "secrets", secret.getMetadata().getNamespace(), null), JSON.serialize(secret),
				(stored) -> JSON.deserialize(stored, V1Secret.class));
	}

	/**
	 * Stores {@code object} as a {@code secrets-store.csi.x-k8s.io/v1} resource, as
	 * kubectl would.
	 * @param plural {@link CustomResources#SECRET_PROVIDER_CLASSES} or
	 * {@link CustomResources#POD_STATUSES}
	 */
	public Map<String, Object> create(String namespace, String plural, Map<String, Object> object) {
		return seed(new ApiPath(CustomResources.GROUP, CustomResources.VERSION, plural, namespace, null),
				MAPPER.writeValueAsString(object), (stored) -> MAPPER.readValue(stored, new TypeReference<>() {
				}));
	}

	/**
	 * The stored {@code secrets-store.csi.x-k8s.io/v1} resource as the server returns it.
	 * @throws ApiException with code 404 when there is none
	 */
	public Map<String, Object> get(String namespace, String plural, String name) throws ApiException {
		return CustomResources.write(customObjects()
			.getNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, namespace, plural, name)
			.execute());
	}

	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.server.close();
		this.front.stop(0);
		this.threads.shutdownNow();
	}

	private <T> T seed(ApiPath collection, String object, Function<String, T> read) {
		Answer stored = this.server.serve(new ApiRequest("POST", collection.collection(), Map.of()), "application/json",
				object);
		if (!stored.isSuccess()) {
			throw new IllegalStateException("could not store an object in " + collection + ": " + stored.body());
		}
		return read.apply(stored.body());
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			ApiRequest request = ApiRequest.of(exchange.getRequestMethod(), exchange.getRequestURI());
			this.requests.add(request);
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			Answer answer;
			Watch watch = null;
			Duration timeout = null;
			try {
				answer = fault(request);
				if (answer == null && TokenRequests.isTokenRequest(request)) {
					// before the store, which knows no subresources and would take it for
					// a new service account
					answer = this.tokenRequests.answer(request, body);
				}
				else if (answer == null && Reviews.isReview(request)) {
					// before the store, which would keep the review and echo it without a
					// status
					answer = this.reviews.answer(request, body);
				}
				else if (answer == null && ApiPath.isSubresource(request.path())) {
					// the CRUD store would act on the parent object; a real server has
					// its own handler or none
					answer = Answer.failure(404, "the server could not find the requested resource");
				}
				else if (answer == null && request.isWatch()) {
					timeout = timeout(request);
					watch = this.server.watch(request);
				}
				else if (answer == null) {
					answer = this.server.serve(request, exchange.getRequestHeaders().getFirst("Content-Type"), body);
				}
			}
			catch (IllegalArgumentException ex) {
				answer = Answer.failure(400, ex.getMessage());
			}
			catch (RuntimeException ex) {
				// rather than a connection closed without an answer
				answer = Answer.failure(500, "the API server double failed: " + ex);
			}
			if (watch != null) {
				stream(exchange, watch, timeout);
			}
			else {
				send(exchange, answer);
			}
		}
	}

	private Answer fault(ApiRequest request) {
		ApiPath path = ApiPath.parse(request.path()).orElse(null);
		Answer failing = (path != null && path.namespace() != null) ? this.failingNamespaces.get(path.namespace())
				: null;
		if (failing != null) {
			return failing;
		}
		if (request.method().equals("PUT") && path != null && this.conflictOnNextPut.compareAndSet(true, false)) {
			return Answer.conflict(path);
		}
		return null;
	}

	// as the API server reads it: absent or 0 is its own default
	private static Duration timeout(ApiRequest request) {
		String seconds = request.parameter("timeoutSeconds");
		long timeout = (seconds != null) ? Long.parseLong(seconds) : 0;
		return (timeout > 0) ? Duration.ofSeconds(timeout) : DEFAULT_WATCH_TIMEOUT;
	}

	// one JSON event a line, over chunked HTTP, until the timeout, the client leaves or
	// the double closes
	private void stream(HttpExchange exchange, Watch watch, Duration timeout) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, 0);
		OutputStream events = exchange.getResponseBody();
		events.flush();
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			for (String line = watch.next(until(deadline)); line != null; line = watch.next(until(deadline))) {
				events.write((line + "\n").getBytes(StandardCharsets.UTF_8));
				events.flush();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// the client closed the watch
		}
		finally {
			this.server.close(watch);
		}
	}

	private static Duration until(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

	private static void send(HttpExchange exchange, Answer answer) throws IOException {
		byte[] body = (answer.body() != null) ? answer.body().getBytes(StandardCharsets.UTF_8) : new byte[0];
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(answer.code(), (body.length > 0) ? body.length : -1);
		exchange.getResponseBody().write(body);
	}

}
