package dev.secretsstore.driver.restart;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The most recent restart decisions, newest first, bounded so memory stays flat however
 * long the driver runs.
 */
public class RestartLog implements RestartListener {

	private final int capacity;

	private final Deque<RestartOutcome> outcomes = new ArrayDeque<>();

	public RestartLog(int capacity) {
		this.capacity = capacity;
	}

	@Override
	public synchronized void onRestart(RestartOutcome outcome) {
		this.outcomes.addFirst(outcome);
		while (this.outcomes.size() > this.capacity) {
			this.outcomes.removeLast();
		}
	}

	/**
	 * The kept decisions, newest first.
	 */
	public synchronized List<RestartOutcome> recent() {
		return new ArrayList<>(this.outcomes);
	}

}
