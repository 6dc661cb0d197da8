package dev.secretsstore.driver.kubernetes;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.cache.Cache;
import io.kubernetes.client.informer.impl.DefaultSharedIndexInformer;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.options.ListOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects one list-and-watch selects, as the driver's own values keyed by
 * {@code namespace/name}: client-java's informer lists once, then follows a watch, so
 * reading them costs no API request. Each object is converted once per change and only
 * the value is kept (the informer's store holds it in place of the object), so a watch
 * over large objects, such as Secrets, keeps only what the driver needs. An object that
 * does not convert counts as absent (its lookup then falls back to the API, which reports
 * why).
 *
 * @param <T> the API type
 * @param <V> the value kept
 */
public final class WatchedObjects<T extends KubernetesObject, V> implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(WatchedObjects.class);

	private static final int FORBIDDEN = 403;

	private final String description;

	private final SharedIndexInformer<T> informer;

	private final List<BiConsumer<String, Optional<V>>> listeners = new CopyOnWriteArrayList<>();

	private final Thread thread;

	private final AtomicBoolean started = new AtomicBoolean();

	private volatile boolean forbidden;

	/**
	 * What to do when the API server refuses to list them, for the one warning that says
	 * so.
	 */
	private final String whenForbidden;

	/**
	 * The last failure logged, so that a failure repeated every second is logged once.
	 */
	private volatile String lastFailure;

	private WatchedObjects(String description, Class<T> type, ListerWatcher<T, ?> source, Function<T, V> convert,
			String whenForbidden) {
		this.description = description;
		this.whenForbidden = whenForbidden;
		this.informer = new DefaultSharedIndexInformer<>(type, source, 0, new Cache<>(), this::failed);
		this.informer.setTransform((object) -> keep(object, convert));
		this.informer.addEventHandler(new Handler());
		this.thread = new Thread(this.informer::run, "watch-" + description.replace(' ', '-'));
		this.thread.setDaemon(true);
	}

	/**
	 * Starts watching the objects of {@code api} that {@code selection} selects, in every
	 * namespace.
	 * @param description what is watched, for logs and the thread's name
	 * @param selection label and field selectors
	 * @param convert turns an object into the value kept; may throw for an object it
	 * cannot use
	 * @param whenForbidden what to do when the API server forbids the list (HTTP 403):
	 * said once, and the watch stops instead of asking again every second
	 */
	public static <T extends KubernetesObject, L extends KubernetesListObject, V> WatchedObjects<T, V> start(
			String description, Class<T> type, GenericKubernetesApi<T, L> api, ListOptions selection,
			Function<T, V> convert, String whenForbidden) {
		return prepare(description, type, api, selection, convert, whenForbidden).start();
	}

	/**
	 * The same as {@link #start}, but the watch begins only at {@link #start()}: for
	 * objects needed only once a feature is used, so that a driver without it neither
	 * asks for them nor needs the right to.
	 */
	public static <T extends KubernetesObject, L extends KubernetesListObject, V> WatchedObjects<T, V> prepare(
			String description, Class<T> type, GenericKubernetesApi<T, L> api, ListOptions selection,
			Function<T, V> convert, String whenForbidden) {
		return new WatchedObjects<>(description, type, new Selected<>(api, selection), convert, whenForbidden);
	}

	/**
	 * Begins the watch, once; later calls do nothing.
	 */
	public WatchedObjects<T, V> start() {
		if (this.started.compareAndSet(false, true)) {
			this.thread.start();
		}
		return this;
	}

	/**
	 * Whether the first list has been read, so a missing object is really missing (or too
	 * new to be seen yet).
	 */
	public boolean hasSynced() {
		return this.informer.hasSynced();
	}

	/**
	 * What the watch is doing, for health reports.
	 */
	public State state() {
		if (this.forbidden) {
			return State.FORBIDDEN;
		}
		if (!this.started.get()) {
			return State.NOT_STARTED;
		}
		return this.informer.hasSynced() ? State.WATCHING : State.LISTING;
	}

	/**
	 * What the watch is for, as logs name it.
	 */
	public String description() {
		return this.description;
	}

	/**
	 * The value of the object {@code namespace/name}, as last seen.
	 */
	public Optional<V> get(String namespace, String name) {
		return valueOf(this.informer.getIndexer().getByKey(key(namespace, name)));
	}

	/**
	 * Tells {@code listener} of every change after the first list, with the
	 * {@code namespace/name} key and the new value (empty when deleted). Listeners run on
	 * the watch's thread and must be quick.
	 */
	public void onChange(BiConsumer<String, Optional<V>> listener) {
		this.listeners.add(listener);
	}

	@Override
	public void close() {
		this.informer.stop();
		this.thread.interrupt();
	}

	@Override
	public String toString() {
		return "watched " + this.description;
	}

	/**
	 * A list or watch failed; the informer tries again a second later. Each distinct
	 * failure is logged once, and a refusal (HTTP 403) stops the watch: RBAC does not
	 * change by retrying.
	 */
	private void failed(Class<T> type, Throwable failure) {
		if (failure instanceof ApiException ex && ex.getCode() == FORBIDDEN) {
			logger.warn("Cannot watch {}: the API server answered 403 Forbidden, so the watch stops until the driver "
					+ "restarts; {}", this.description, this.whenForbidden);
			this.forbidden = true;
			this.informer.stop();
			return;
		}
		String message = (failure instanceof ApiException ex) ? "HTTP " + ex.getCode() + " " + ex.getMessage()
				: String.valueOf(failure);
		if (!message.equals(this.lastFailure)) {
			this.lastFailure = message;
			logger.warn("Watching {} failed, retrying every second: {}", this.description, message);
		}
	}

	private static String key(String namespace, String name) {
		return (namespace != null && !namespace.isEmpty()) ? namespace + "/" + name : name;
	}

	private KubernetesObject keep(KubernetesObject object, Function<T, V> convert) {
		V1ObjectMeta metadata = object.getMetadata();
		V1ObjectMeta kept = new V1ObjectMeta().namespace(metadata.getNamespace())
			.name(metadata.getName())
			.resourceVersion(metadata.getResourceVersion());
		try {
			@SuppressWarnings("unchecked")
			T typed = (T) object;
			return new Kept<>(kept, convert.apply(typed));
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring {} {}: {}", this.description, key(metadata.getNamespace(), metadata.getName()),
					ex.getMessage());
			return new Kept<>(kept, null);
		}
	}

	@SuppressWarnings("unchecked")
	private Optional<V> valueOf(Object stored) {
		return (stored instanceof Kept<?> kept) ? Optional.ofNullable((V) kept.value()) : Optional.empty();
	}

	private void changed(Object object, boolean deleted) {
		if (!this.informer.hasSynced() || !(object instanceof Kept<?> kept)) {
			return;
		}
		String key = key(kept.getMetadata().getNamespace(), kept.getMetadata().getName());
		Optional<V> value = deleted ? Optional.empty() : valueOf(kept);
		for (BiConsumer<String, Optional<V>> listener : this.listeners) {
			try {
				listener.accept(key, value);
			}
			catch (RuntimeException ex) {
				logger.warn("A listener of {} failed on {}", this.description, key, ex);
			}
		}
	}

	/**
	 * What a watch is doing.
	 */
	public enum State {

		/** Not needed yet: it begins with the first use of what needs it. */
		NOT_STARTED,

		/**
		 * Listing for the first time, or retrying after a failure; lookups fall back to
		 * the API meanwhile.
		 */
		LISTING,

		/** Listed, and following the watch. */
		WATCHING,

		/** Stopped: the API server answered 403 Forbidden. */
		FORBIDDEN

	}

	/**
	 * What the informer stores in place of an object: its name, namespace and resource
	 * version, and the value.
	 */
	private record Kept<V>(V1ObjectMeta getMetadata, V value) implements KubernetesObject {

		@Override
		public String getApiVersion() {
			return null;
		}

		@Override
		public String getKind() {
			return null;
		}

	}

	// the informer hands over what the transform made, so the handler sees Kept objects
	// whatever T says
	private final class Handler implements ResourceEventHandler<T> {

		@Override
		public void onAdd(T object) {
			changed(object, false);
		}

		@Override
		public void onUpdate(T old, T object) {
			changed(object, false);
		}

		@Override
		public void onDelete(T object, boolean finalStateUnknown) {
			changed(object, true);
		}

	}

	/**
	 * Lists and watches with the selection's selectors, from the resource version the
	 * informer asks for.
	 */
	private record Selected<T extends KubernetesObject, L extends KubernetesListObject>(GenericKubernetesApi<T, L> api,
			ListOptions selection) implements ListerWatcher<T, L> {

		@Override
		public L list(CallGeneratorParams params) throws ApiException {
			return this.api.list(options(params)).throwsApiException().getObject();
		}

		@Override
		public Watchable<T> watch(CallGeneratorParams params) throws ApiException {
			return this.api.watch(options(params));
		}

		private ListOptions options(CallGeneratorParams params) {
			return new ListOptions().labelSelector(this.selection.getLabelSelector())
				.fieldSelector(this.selection.getFieldSelector())
				.resourceVersion(params.resourceVersion)
				.timeoutSeconds(params.timeoutSeconds);
		}

	}

}
