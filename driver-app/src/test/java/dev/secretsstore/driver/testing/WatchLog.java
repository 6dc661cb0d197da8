package dev.secretsstore.driver.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every change to a stored object, in resourceVersion order, and the watches open on
 * them. A watch that starts from a resourceVersion first gets the changes after it, so an
 * informer that lists and then watches from the list's resourceVersion misses nothing
 * written in between.
 */
final class WatchLog {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<Change> changes = new ArrayList<>();

	private final Set<Watch> open = new HashSet<>();

	private boolean closed;

	/**
	 * Records {@code change} and sends it to the open watches it concerns.
	 */
	synchronized void append(Change change) {
		this.changes.add(change);
		this.open.forEach((watch) -> watch.send(change));
	}

	/**
	 * A watch that gets an ADDED event for each of {@code current}, then every change
	 * after resourceVersion {@code since} that {@code filter} concerns, each object as
	 * {@code served} makes it.
	 */
	synchronized Watch open(ObjectFilter filter, UnaryOperator<JsonNode> served, long since, List<JsonNode> current) {
		Watch watch = new Watch(filter, served, since);
		current.forEach((object) -> watch.line("ADDED", object));
		this.changes.forEach(watch::send);
		if (this.closed) {
			watch.end();
		}
		else {
			this.open.add(watch);
		}
		return watch;
	}

	synchronized void close(Watch watch) {
		this.open.remove(watch);
	}

	/**
	 * Ends every open watch, and every one opened from now on.
	 */
	synchronized void close() {
		this.closed = true;
		this.open.forEach(Watch::end);
		this.open.clear();
	}

	/**
	 * One write: {@code before} is null for a creation, {@code after} for a deletion.
	 *
	 * @param resourceVersion the resourceVersion the write gave the object, or the
	 * deletion
	 * @param object the object's path
	 * @param before the object before the write
	 * @param after the object after the write
	 */
	record Change(long resourceVersion, ApiPath object, JsonNode before, JsonNode after) {

	}

	/**
	 * The lines of one watch response, {@code {"type":...,"object":...}} each.
	 */
	static final class Watch {

		// no event is an empty line, so one marks the end
		private static final String END = "";

		private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

		private final ObjectFilter filter;

		private final UnaryOperator<JsonNode> served;

		private final long since;

		private Watch(ObjectFilter filter, UnaryOperator<JsonNode> served, long since) {
			this.filter = filter;
			this.served = served;
			this.since = since;
		}

		/**
		 * The next line, or null when the watch has ended or none came within
		 * {@code wait}.
		 */
		String next(Duration wait) throws InterruptedException {
			String line = this.lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
			return END.equals(line) ? null : line;
		}

		// as the API server's watch cache does: an object that stops matching the
		// selectors is DELETED for this
		// watch, one that starts matching is ADDED
		private void send(Change change) {
			if (change.resourceVersion() <= this.since) {
				return;
			}
			boolean was = change.before() != null && this.filter.matches(change.object(), change.before());
			boolean is = change.after() != null && this.filter.matches(change.object(), change.after());
			if (was && is) {
				line("MODIFIED", change.after());
			}
			else if (is) {
				line("ADDED", change.after());
			}
			else if (was) {
				// the last state the watch knew, at the resourceVersion of the change
				// that removed it
				ObjectNode gone = (ObjectNode) change.before().deepCopy();
				((ObjectNode) gone.get("metadata")).put("resourceVersion", String.valueOf(change.resourceVersion()));
				line("DELETED", gone);
			}
		}

		private void line(String type, JsonNode object) {
			ObjectNode event = JSON.createObjectNode().put("type", type);
			event.set("object", this.served.apply(object));
			this.lines.add(JSON.writeValueAsString(event));
		}

		private void end() {
			this.lines.add(END);
		}

	}

}
