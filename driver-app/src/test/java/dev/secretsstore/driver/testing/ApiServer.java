package dev.secretsstore.driver.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import dev.secretsstore.driver.model.CustomResources;

import dev.secretsstore.driver.testing.WatchLog.Change;
import dev.secretsstore.driver.testing.WatchLog.Watch;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The behaviour of a Kubernetes API server, on top of fabric8's CRUD mock. The mock
 * stores the objects and gives each write a resourceVersion from one counter, the one its
 * lists report, as etcd's revision does. This class adds what the mock lacks or gets
 * wrong: watches with a replayable log of changes, field selectors on any selectable
 * field, JSON merge patch as RFC 7386 defines it, 200 for a patch, Status bodies and
 * reasons, a resourceVersion for each deletion, an object with finalizers that a DELETE
 * marks rather than removes, a DELETE's preconditions, the garbage collection of the
 * objects a deleted one owned, a Secret's defaulted, immutable type, and the driver's
 * custom resources served at {@code v1alpha1} as well as {@code v1}
 * ({@link ServedVersions}).
 * <p>
 * The mock's {@link KubernetesCrudDispatcher} is called in process: nothing it answers
 * needs its HTTP server.
 */
final class ApiServer {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String APPLICATION_JSON = "application/json";

	private static final String MERGE_PATCH = "application/merge-patch+json";

	/**
	 * The resources whose objects the garbage collector looks through for dependents of a
	 * deleted object.
	 */
	private static final List<ApiPath> COLLECTED = Stream
		.of("/api/v1/pods", "/api/v1/secrets", "/api/v1/configmaps", "/apis/apps/v1/replicasets",
				"/apis/" + CustomResources.GROUP + "/" + CustomResources.VERSION + "/" + CustomResources.POD_STATUSES)
		.map((path) -> ApiPath.parse(path).orElseThrow())
		.toList();

	private final KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();

	// also the lock of every write: a write and its change enter the log together, and no
	// write slips between the
	// list that starts a watch and the watch's registration
	private final WatchLog log = new WatchLog();

	private boolean collectorHeld;

	/** The UIDs of the objects deleted while the garbage collector was held back. */
	private final List<String> heldOwners = new ArrayList<>();

	/**
	 * The answer to any request but a watch.
	 * @throws IllegalArgumentException when the request is malformed, which the API
	 * server answers with 400
	 */
	Answer serve(ApiRequest request, String contentType, String body) {
		ApiPath requested = ApiPath.parse(request.path()).orElse(null);
		if (requested == null) {
			return dispatch(request.method(), request.path(), contentType, body);
		}
		ApiPath path = ServedVersions.stored(requested);
		String target = path.equals(requested) ? request.path() : path.toString();
		synchronized (this.log) {
			Answer answer = switch (request.method()) {
				case "GET" -> (path.name() != null) ? get(path, target) : list(path, request);
				case "POST" -> create(path, ServedVersions.toStorage((ObjectNode) JSON.readTree(body), requested));
				case "PUT" ->
					replace(path, target, ServedVersions.toStorage((ObjectNode) JSON.readTree(body), requested));
				case "PATCH" -> patch(path, target, contentType, body);
				case "DELETE" -> delete(path, target, body);
				default -> dispatch(request.method(), target, contentType, body);
			};
			return ServedVersions.served(answer, requested);
		}
	}

	/**
	 * Holds back the garbage collector, as if it lagged behind: the dependents of objects
	 * deleted from now on are collected when it is
	 * {@linkplain #releaseGarbageCollection() released}.
	 */
	void holdGarbageCollection() {
		synchronized (this.log) {
			this.collectorHeld = true;
		}
	}

	/**
	 * Lets the garbage collector catch up with the deletions it was held back from, and
	 * run at once from now on.
	 */
	void releaseGarbageCollection() {
		synchronized (this.log) {
			this.collectorHeld = false;
			List<String> owners = List.copyOf(this.heldOwners);
			this.heldOwners.clear();
			owners.forEach(this::collectDependentsOf);
		}
	}

	/**
	 * Opens the watch {@code request} asks for: from its {@code resourceVersion}, or,
	 * without one (or "0"), from ADDED events for the objects that exist now.
	 * @throws IllegalArgumentException when the request is malformed, which the API
	 * server answers with 400
	 */
	Watch watch(ApiRequest request) {
		ApiPath requested = ApiPath.parse(request.path())
			.orElseThrow(() -> new IllegalArgumentException("not a resource: " + request.path()));
		ApiPath path = ServedVersions.stored(requested);
		ObjectFilter filter = ObjectFilter.of(path, request.parameter("labelSelector"),
				request.parameter("fieldSelector"));
		UnaryOperator<JsonNode> served = (object) -> ServedVersions.served(object, requested);
		String since = request.parameter("resourceVersion");
		synchronized (this.log) {
			if (since == null || since.isEmpty() || since.equals("0")) {
				JsonNode list = JSON.readTree(dispatch("GET", path.collection(), null, null).body());
				return this.log.open(filter, served, resourceVersion(list), filter.select(list.path("items")));
			}
			return this.log.open(filter, served, Long.parseLong(since), List.of());
		}
	}

	void close(Watch watch) {
		this.log.close(watch);
	}

	/**
	 * Ends every watch.
	 */
	void close() {
		this.log.close();
	}

	private Answer get(ApiPath path, String target) {
		Answer answer = dispatch("GET", target, null, null);
		return (answer.code() == 404) ? Answer.notFound(path) : answer;
	}

	private Answer list(ApiPath path, ApiRequest request) {
		ObjectFilter filter = ObjectFilter.of(path, request.parameter("labelSelector"),
				request.parameter("fieldSelector"));
		// the mock selects by metadata.name and namespace only: ask for the whole
		// collection, select here
		ObjectNode list = (ObjectNode) JSON.readTree(dispatch("GET", path.collection(), null, null).body());
		list.set("items", JSON.createArrayNode().addAll(filter.select(list.path("items"))));
		return new Answer(200, JSON.writeValueAsString(list));
	}

	private Answer create(ApiPath path, ObjectNode object) {
		defaults(path, object);
		Answer answer = dispatch("POST", path.collection(), APPLICATION_JSON, JSON.writeValueAsString(object));
		if (answer.code() == 409) {
			return Answer.alreadyExists(path, text(object.path("metadata").path("name")));
		}
		if (answer.isSuccess()) {
			record(at(path, JSON.readTree(answer.body())), null);
		}
		return answer;
	}

	private Answer replace(ApiPath path, String target, ObjectNode object) {
		Answer current = get(path, target);
		if (!current.isSuccess()) {
			return current;
		}
		JsonNode before = JSON.readTree(current.body());
		defaults(path, object);
		if (isSecret(path) && !text(before.path("type")).equals(text(object.path("type")))) {
			// the API server's validation; the mock would store the new type
			return Answer.immutable("Secret", path, "type", text(object.path("type")));
		}
		Answer answer = dispatch("PUT", target, APPLICATION_JSON, JSON.writeValueAsString(object));
		if (answer.code() == 409) {
			// the mock refuses a stale resourceVersion too, but with reason Invalid and
			// the kind for the resource
			return Answer.conflict(path);
		}
		if (answer.isSuccess()) {
			record(at(path, before), before);
		}
		return answer;
	}

	private Answer patch(ApiPath path, String target, String contentType, String patch) {
		Answer current = get(path, target);
		if (!current.isSuccess()) {
			return current;
		}
		if (contentType != null && contentType.startsWith(MERGE_PATCH)) {
			// the mock stores a null instead of removing the key and merges arrays; RFC
			// 7386 says otherwise.
			// A resourceVersion in the patch stays in the merged object, so it is still a
			// precondition.
			return replace(path, target, (ObjectNode) merge(JSON.readTree(current.body()), JSON.readTree(patch)));
		}
		Answer answer = dispatch("PATCH", target, contentType, patch);
		if (answer.isSuccess()) {
			JsonNode before = JSON.readTree(current.body());
			record(at(path, before), before);
		}
		// the mock answers 202 Accepted; the API server 200 OK
		return (answer.code() == 202) ? new Answer(200, answer.body()) : answer;
	}

	private Answer delete(ApiPath path, String target, String options) {
		if (path.name() != null && options != null && !options.isBlank()) {
			Answer refused = unlessPreconditionsHold(path, target, JSON.readTree(options).path("preconditions"));
			if (refused != null) {
				return refused;
			}
		}
		Answer answer = dispatch("DELETE", target, null, null);
		if (answer.code() == 404 && path.name() != null) {
			return Answer.notFound(path);
		}
		if (!answer.isSuccess()) {
			return answer;
		}
		JsonNode deleted = JSON.readTree(answer.body());
		List<JsonNode> objects = deleted.has("items") ? elements(deleted.get("items")) : List.of(deleted);
		for (JsonNode object : objects) {
			record(at(path, object), object);
		}
		// an object with finalizers stays, marked for deletion, and the API server
		// answers with that state; its
		// dependents stay until it is gone
		Answer remaining = null;
		for (JsonNode object : objects) {
			Answer left = dispatch("GET", at(path, object).toString(), null, null);
			if (left.isSuccess()) {
				remaining = left;
			}
			else {
				collectDependentsOf(text(object.path("metadata").path("uid")));
			}
		}
		return (path.name() != null && remaining != null) ? remaining : answer;
	}

	// DeleteOptions.preconditions, checked as the API server's storage does
	private Answer unlessPreconditionsHold(ApiPath path, String target, JsonNode preconditions) {
		if (!preconditions.isObject()) {
			return null;
		}
		Answer current = get(path, target);
		if (!current.isSuccess()) {
			return current;
		}
		JsonNode metadata = JSON.readTree(current.body()).path("metadata");
		for (String field : List.of("uid", "resourceVersion")) {
			String expected = text(preconditions.path(field));
			String actual = text(metadata.path(field));
			if (!expected.isEmpty() && !expected.equals(actual)) {
				String name = field.equals("uid") ? "UID" : "ResourceVersion";
				return Answer.conflict(path, "Precondition failed: " + name + " in precondition: " + expected + ", "
						+ name + " in object meta: " + actual);
			}
		}
		return null;
	}

	/**
	 * What Kubernetes' garbage collector does, in the background, once an object is gone:
	 * every object that listed it among its owners loses that owner reference, and one
	 * left without owners is deleted in turn. The collector matches owners by UID, as
	 * Kubernetes does; unlike it, it trusts that the remaining owners exist, and it knows
	 * no other propagation policy than background.
	 */
	private void collectDependentsOf(String uid) {
		if (uid.isEmpty()) {
			return;
		}
		if (this.collectorHeld) {
			this.heldOwners.add(uid);
			return;
		}
		for (ApiPath resource : COLLECTED) {
			JsonNode list = JSON.readTree(dispatch("GET", resource.collection(), null, null).body());
			for (JsonNode listed : list.path("items")) {
				if (ownedBy(listed, uid)) {
					dropOwner(at(resource, listed), uid);
				}
			}
		}
	}

	private void dropOwner(ApiPath object, String uid) {
		// read again: collecting an earlier dependent may have changed or deleted this
		// one
		Answer current = dispatch("GET", object.toString(), null, null);
		if (!current.isSuccess() || !ownedBy(JSON.readTree(current.body()), uid)) {
			return;
		}
		ObjectNode dependent = (ObjectNode) JSON.readTree(current.body());
		ObjectNode metadata = (ObjectNode) dependent.get("metadata");
		List<JsonNode> owners = new ArrayList<>();
		metadata.path("ownerReferences").forEach((owner) -> {
			if (!uid.equals(text(owner.path("uid")))) {
				owners.add(owner);
			}
		});
		if (owners.isEmpty()) {
			delete(object, object.toString(), null);
		}
		else {
			metadata.set("ownerReferences", JSON.createArrayNode().addAll(owners));
			replace(object, object.toString(), dependent);
		}
	}

	private static List<JsonNode> elements(JsonNode array) {
		List<JsonNode> elements = new ArrayList<>();
		array.forEach(elements::add);
		return elements;
	}

	private static boolean ownedBy(JsonNode object, String uid) {
		for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
			if (uid.equals(text(owner.path("uid")))) {
				return true;
			}
		}
		return false;
	}

	// what the store holds after a write, not the write's answer: the mock keeps an
	// object with finalizers that it
	// was asked to delete, and deletes one whose last finalizer a patch removed
	private void record(ApiPath object, JsonNode before) {
		Answer now = dispatch("GET", object.toString(), null, null);
		JsonNode after = now.isSuccess() ? JSON.readTree(now.body()) : null;
		// the mock gives a deletion no resourceVersion of its own; etcd does, and the
		// DELETED event has it
		long version = (after != null) ? resourceVersion(after) : this.store.requestResourceVersion();
		if (before == null || after == null || version != resourceVersion(before)) {
			this.log.append(new Change(version, object, before, after));
		}
	}

	// the API server defaults an empty type to Opaque, so it is never absent from a
	// stored Secret
	private static void defaults(ApiPath path, ObjectNode object) {
		if (isSecret(path) && text(object.path("type")).isEmpty()) {
			object.put("type", "Opaque");
		}
	}

	private static boolean isSecret(ApiPath path) {
		return path.group().isEmpty() && path.plural().equals("secrets");
	}

	static JsonNode merge(JsonNode target, JsonNode patch) {
		if (!patch.isObject()) {
			return patch;
		}
		ObjectNode merged = (target != null && target.isObject()) ? (ObjectNode) target.deepCopy()
				: JSON.createObjectNode();
		patch.properties().forEach((property) -> {
			if (property.getValue().isNull()) {
				merged.remove(property.getKey());
			}
			else {
				merged.set(property.getKey(), merge(merged.get(property.getKey()), property.getValue()));
			}
		});
		return merged;
	}

	private static ApiPath at(ApiPath path, JsonNode object) {
		JsonNode metadata = object.path("metadata");
		String namespace = text(metadata.path("namespace"));
		return path.object(namespace.isEmpty() ? null : namespace, text(metadata.path("name")));
	}

	private static long resourceVersion(JsonNode object) {
		return Long.parseLong(text(object.path("metadata").path("resourceVersion")));
	}

	private static String text(JsonNode node) {
		return (node.isValueNode() && !node.isNull()) ? node.asString() : "";
	}

	private Answer dispatch(String method, String path, String contentType, String body) {
		Headers.Builder headers = Headers.builder();
		if (contentType != null) {
			headers.add("Content-Type", contentType);
		}
		MockResponse response = this.store.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), path,
				headers.build(), new Buffer(((body != null) ? body : "").getBytes(StandardCharsets.UTF_8))));
		Buffer answer = response.getBody();
		return new Answer(response.code(), (answer != null) ? answer.readUtf8() : null);
	}

}
