package dev.secretsstore.driver.kubernetes;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.impl.DefaultSharedIndexInformer;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.options.ListOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects one list-and-watch selects, as the driver's own values keyed by {@code namespace/name}: client-java's
 * informer lists once, then follows a watch, so reading them costs no API request. The values are converted once
 * per change; an object that does not convert is left out (its lookup then falls back to the API, which reports
 * why).
 *
 * @param <T> the API type
 * @param <V> the value kept
 */
public final class WatchedObjects<T extends KubernetesObject, V> implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(WatchedObjects.class);

	private final String description;

	private final SharedIndexInformer<T> informer;

	private final Function<T, V> convert;

	private final Map<String, V> values = new ConcurrentHashMap<>();

	private final List<BiConsumer<String, Optional<V>>> listeners = new CopyOnWriteArrayList<>();

	private final Thread thread;

	private WatchedObjects(String description, Class<T> type, ListerWatcher<T, ?> source, Function<T, V> convert) {
		this.description = description;
		this.convert = convert;
		this.informer = new DefaultSharedIndexInformer<>(type, source, 0);
		this.informer.addEventHandler(new Handler());
		this.thread = new Thread(this.informer::run, "watch-" + description.replace(' ', '-'));
		this.thread.setDaemon(true);
	}

	/**
	 * Starts watching the objects of {@code api} that {@code selection} selects, in every namespace.
	 * @param description what is watched, for logs and the thread's name
	 * @param selection label and field selectors
	 * @param convert turns an object into the value kept; may throw for an object it cannot use
	 */
	public static <T extends KubernetesObject, L extends KubernetesListObject, V> WatchedObjects<T, V> start(
			String description, Class<T> type, GenericKubernetesApi<T, L> api, ListOptions selection,
			Function<T, V> convert) {
		WatchedObjects<T, V> watched = new WatchedObjects<>(description, type, new Selected<>(api, selection),
				convert);
		watched.thread.start();
		return watched;
	}

	/**
	 * Waits until the first list has been read.
	 * @return false when it has not been within {@code timeout}
	 */
	public boolean awaitSynced(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!this.informer.hasSynced()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(20);
		}
		return true;
	}

	/**
	 * Whether the first list has been read, so a missing object is really missing (or too new to be seen yet).
	 */
	public boolean hasSynced() {
		return this.informer.hasSynced();
	}

	/**
	 * The value of the object {@code namespace/name}, as last seen.
	 */
	public Optional<V> get(String namespace, String name) {
		return Optional.ofNullable(this.values.get(key(namespace, name)));
	}

	/**
	 * Every value seen and not deleted.
	 */
	public Collection<V> all() {
		return List.copyOf(this.values.values());
	}

	/**
	 * Tells {@code listener} of every change after the first list, with the {@code namespace/name} key and the new
	 * value (empty when deleted). Listeners run on the watch's thread and must be quick.
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
		return "watched " + this.description + " (" + this.values.size() + ")";
	}

	static String key(String namespace, String name) {
		return (namespace != null && !namespace.isEmpty()) ? namespace + "/" + name : name;
	}

	private static String key(KubernetesObject object) {
		return key(object.getMetadata().getNamespace(), object.getMetadata().getName());
	}

	private void put(T object) {
		String key = key(object);
		V value;
		try {
			value = this.convert.apply(object);
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring {} {}: {}", this.description, key, ex.getMessage());
			remove(object);
			return;
		}
		this.values.put(key, value);
		changed(key, Optional.of(value));
	}

	private void remove(T object) {
		String key = key(object);
		if (this.values.remove(key) != null) {
			changed(key, Optional.empty());
		}
	}

	private void changed(String key, Optional<V> value) {
		if (!this.informer.hasSynced()) {
			return;
		}
		for (BiConsumer<String, Optional<V>> listener : this.listeners) {
			try {
				listener.accept(key, value);
			}
			catch (RuntimeException ex) {
				logger.warn("A listener of {} failed on {}", this.description, key, ex);
			}
		}
	}

	private final class Handler implements ResourceEventHandler<T> {

		@Override
		public void onAdd(T object) {
			put(object);
		}

		@Override
		public void onUpdate(T old, T object) {
			put(object);
		}

		@Override
		public void onDelete(T object, boolean finalStateUnknown) {
			remove(object);
		}

	}

	/**
	 * Lists and watches with the selection's selectors, from the resource version the informer asks for.
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
