package dev.secretsstore.driver.kubernetes.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on pods (and the other objects of a namespace), counting repeats
 * of an identical event as client-go's correlator does, and never throws.
 */
public class PodEvents {

	/**
	 * An identical event within this window raises the existing Event's count instead of
	 * adding an object.
	 */
	static final Duration AGGREGATION_WINDOW = Duration.ofMinutes(10);

	// client-go's recorder keeps as many keys in its LRU cache (Caffeine's eviction keeps
	// the more used rather than strictly the more recent)
	private static final int MAX_REMEMBERED = 4096;

	// failures are logged once each; a bound keeps a stream of distinct messages from
	// growing the set forever
	private static final int MAX_LOGGED_FAILURES = 1024;

	// events.k8s.io caps notes at 1 KiB; core/v1 is laxer but a long provider error is no
	// better for being stored
	private static final int MAX_MESSAGE_LENGTH = 1024;

	private static final Logger logger = LoggerFactory.getLogger(PodEvents.class);

	private final CoreV1Api api;

	private final String component;

	private final Clock clock;

	// shared by every component's view (as()), so the driver keeps one bounded cache of
	// recent Events, and the lock record() holds
	private final Cache<Key, CoreV1Event> recent;

	private final Set<String> loggedFailures;

	/**
	 * Events from {@code component}, written with {@code api}, timestamped by
	 * {@code clock}.
	 */
	public PodEvents(CoreV1Api api, String component, Clock clock) {
		this(api, component, clock, Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).executor(Runnable::run).build(),
				ConcurrentHashMap.newKeySet());
	}

	private PodEvents(CoreV1Api api, String component, Clock clock, Cache<Key, CoreV1Event> recent,
			Set<String> loggedFailures) {
		this.api = api;
		this.component = component;
		this.clock = clock;
		this.recent = recent;
		this.loggedFailures = loggedFailures;
	}

	/**
	 * The same recorder, reporting as another source component (the Go driver's Secret
	 * controller reports as {@code csi-secrets-store-controller}, its rotation as
	 * {@code csi-secrets-store-rotation}); Events of different components are never
	 * merged.
	 */
	public PodEvents as(String otherComponent) {
		return new PodEvents(this.api, otherComponent, this.clock, this.recent, this.loggedFailures);
	}

	/**
	 * Records an event on the pod {@code namespace/pod}; {@code uid} may be null when
	 * unknown.
	 */
	public void record(String namespace, String pod, String uid, EventType type, String reason, String message) {
		record(InvolvedObject.pod(namespace, pod, uid), type, reason, message);
	}

	/**
	 * Records an event on any namespaced object, such as the Deployment a rotation
	 * restarted.
	 */
	public void record(InvolvedObject object, EventType type, String reason, String message) {
		Key key = new Key(this.component, object, type, reason, truncate(message));
		// one lock keeps the count of concurrent identical events right; events are rare,
		// so it costs little
		synchronized (this.recent) {
			Instant now = this.clock.instant();
			CoreV1Event previous = this.recent.getIfPresent(key);
			if (previous != null && isRecent(previous, now)) {
				CoreV1Event updated = update(previous, now);
				if (updated != null) {
					this.recent.put(key, updated);
					return;
				}
			}
			CoreV1Event created = create(key, now);
			if (created != null) {
				this.recent.put(key, created);
			}
			else {
				this.recent.invalidate(key);
			}
		}
	}

	private CoreV1Event create(Key key, Instant now) {
		OffsetDateTime timestamp = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
		CoreV1Event event = new CoreV1Event().apiVersion("v1")
			.kind("Event")
			// the pod's name and a nanosecond timestamp, as client-go names them
			.metadata(new V1ObjectMeta().namespace(key.namespace())
				.name(key.name() + "." + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano())))
			.involvedObject(new V1ObjectReference().kind(key.object().kind())
				.apiVersion(key.object().apiVersion())
				.namespace(key.namespace())
				.name(key.name())
				.uid(key.object().uid()))
			.type(key.type().value())
			.reason(key.reason())
			.message(key.message())
			.source(new V1EventSource().component(this.component))
			.reportingComponent(this.component)
			.firstTimestamp(timestamp)
			.lastTimestamp(timestamp)
			.count(1);
		try {
			return this.api.createNamespacedEvent(key.namespace(), event).execute();
		}
		catch (ApiException | RuntimeException ex) {
			failed("create", key, ex);
			return null;
		}
	}

	private CoreV1Event update(CoreV1Event previous, Instant now) {
		CoreV1Event event = previous.count(count(previous) + 1)
			.lastTimestamp(OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
		try {
			return this.api
				.replaceNamespacedEvent(previous.getMetadata().getName(), previous.getMetadata().getNamespace(), event)
				.execute();
		}
		catch (ApiException | RuntimeException ex) {
			// the Event may have been deleted or expired (the API server keeps them an
			// hour): a new one follows
			logger.debug("Could not update Event {}/{}: {}", previous.getMetadata().getNamespace(),
					previous.getMetadata().getName(), ex.getMessage());
			return null;
		}
	}

	private static boolean isRecent(CoreV1Event event, Instant now) {
		OffsetDateTime last = event.getLastTimestamp();
		return last != null && Duration.between(last.toInstant(), now).compareTo(AGGREGATION_WINDOW) < 0;
	}

	private static int count(CoreV1Event event) {
		return (event.getCount() != null) ? event.getCount() : 1;
	}

	private void failed(String operation, Key key, Exception ex) {
		String detail = (ex instanceof ApiException api) ? "HTTP " + api.getCode() + " " + api.getMessage()
				: ex.toString();
		if (this.loggedFailures.size() >= MAX_LOGGED_FAILURES) {
			this.loggedFailures.clear();
		}
		// an unreachable API server would otherwise log the same line on every rotation
		if (this.loggedFailures.add(operation + " " + key.reason() + " " + detail)) {
			logger.warn("Could not {} Event {} on {} {}/{}: {}", operation, key.reason(), key.object().kind(),
					key.namespace(), key.name(), detail);
		}
	}

	private static String truncate(String message) {
		if (message == null) {
			return "";
		}
		return (message.length() <= MAX_MESSAGE_LENGTH) ? message
				: message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
	}

	private record Key(String component, InvolvedObject object, EventType type, String reason, String message) {

		String namespace() {
			return this.object.namespace();
		}

		String name() {
			return this.object.name();
		}

	}

	/**
	 * The object an Event is about.
	 *
	 * @param apiVersion its apiVersion, such as {@code v1} or {@code apps/v1}
	 * @param kind its kind
	 * @param namespace its namespace
	 * @param name its name
	 * @param uid its UID, or null when unknown
	 */
	public record InvolvedObject(String apiVersion, String kind, String namespace, String name, String uid) {

		/**
		 * A pod.
		 */
		public static InvolvedObject pod(String namespace, String name, String uid) {
			return new InvolvedObject("v1", "Pod", namespace, name, uid);
		}

	}

}
