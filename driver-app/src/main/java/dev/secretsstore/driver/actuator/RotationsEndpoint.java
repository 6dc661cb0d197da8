package dev.secretsstore.driver.actuator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import dev.secretsstore.driver.restart.RestartOutcome;
import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.rotation.RotationEvents;
import dev.secretsstore.driver.rotation.RotationService;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code GET /actuator/rotations}: recent rotation events, newest first, and among them,
 * when restart on rotation is on, the workload restarts they led to: entries of their
 * own, {@code {"time", "namespace", "restart": {...}}}, so that a reader of rotation
 * entries sees none of its fields change. {@code POST /actuator/rotations} rotates now
 * every mounted volume that matches the optional {@code namespace},
 * {@code secretProviderClass} and {@code pod}, and answers with the outcomes.
 */
@Endpoint(id = "rotations")
public class RotationsEndpoint {

	private final RotationEvents events;

	private final RotationService rotation;

	private final Supplier<List<RestartOutcome>> restarts;

	public RotationsEndpoint(RotationEvents events, RotationService rotation) {
		this(events, rotation, List::of);
	}

	/**
	 * @param restarts the recent restart decisions, newest first
	 */
	public RotationsEndpoint(RotationEvents events, RotationService rotation, Supplier<List<RestartOutcome>> restarts) {
		this.events = events;
		this.rotation = rotation;
		this.restarts = restarts;
	}

	@ReadOperation
	public List<Object> recent() {
		List<RestartOutcome> restarts = this.restarts.get();
		if (restarts.isEmpty()) {
			return List.copyOf(this.events.recent());
		}
		List<Entry> entries = new ArrayList<>();
		this.events.recent().forEach((event) -> entries.add(new Entry(event.time(), event)));
		restarts.forEach((restart) -> entries.add(new Entry(restart.time(), new RestartEntry(restart))));
		// stable: a restart decided at the same instant as its last rotation stays above
		// it only when newer
		entries.sort(Comparator.comparing(Entry::time).reversed());
		return entries.stream().map(Entry::value).toList();
	}

	@WriteOperation
	public List<RotationEvent> rotateNow(@Nullable String namespace, @Nullable String secretProviderClass,
			@Nullable String pod) {
		return this.rotation.rotateNow((volume) -> matches(namespace, volume.pod().namespace())
				&& matches(secretProviderClass, volume.secretProviderClass()) && matches(pod, volume.pod().name()));
	}

	private record Entry(Instant time, Object value) {

	}

	/**
	 * A restart among the rotation entries.
	 *
	 * @param time when it was decided
	 * @param namespace the workload's namespace
	 * @param restart what came of it
	 */
	public record RestartEntry(Instant time, String namespace, RestartOutcome restart) {

		RestartEntry(RestartOutcome restart) {
			this(restart.time(), restart.namespace(), restart);
		}

	}

	private static boolean matches(@Nullable String wanted, String actual) {
		return wanted == null || wanted.isEmpty() || Objects.equals(wanted, actual);
	}

}
