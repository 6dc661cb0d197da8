package dev.secretsstore.driver.rotation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The most recent rotation events, newest first, bounded so memory stays flat however
 * long the driver runs.
 */
public class RotationEvents implements RotationListener {

	private final int capacity;

	private final Deque<RotationEvent> events = new ArrayDeque<>();

	public RotationEvents(int capacity) {
		this.capacity = capacity;
	}

	@Override
	public synchronized void onRotation(RotationEvent event) {
		this.events.addFirst(event);
		while (this.events.size() > this.capacity) {
			this.events.removeLast();
		}
	}

	/**
	 * The kept events, newest first.
	 */
	public synchronized List<RotationEvent> recent() {
		return new ArrayList<>(this.events);
	}

}
