package dev.secretsstore.driver.actuator;

import java.util.List;
import java.util.Objects;

import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.rotation.RotationEvents;
import dev.secretsstore.driver.rotation.RotationService;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code GET /actuator/rotations}: recent rotation events, newest first. {@code POST /actuator/rotations} rotates
 * now every mounted volume that matches the optional {@code namespace}, {@code secretProviderClass} and {@code pod},
 * and answers with the outcomes.
 */
@Endpoint(id = "rotations")
public class RotationsEndpoint {

	private final RotationEvents events;

	private final RotationService rotation;

	public RotationsEndpoint(RotationEvents events, RotationService rotation) {
		this.events = events;
		this.rotation = rotation;
	}

	@ReadOperation
	public List<RotationEvent> recent() {
		return this.events.recent();
	}

	@WriteOperation
	public List<RotationEvent> rotateNow(@Nullable String namespace, @Nullable String secretProviderClass,
			@Nullable String pod) {
		return this.rotation.rotateNow((volume) -> matches(namespace, volume.pod().namespace())
				&& matches(secretProviderClass, volume.secretProviderClass()) && matches(pod, volume.pod().name()));
	}

	private static boolean matches(@Nullable String wanted, String actual) {
		return wanted == null || wanted.isEmpty() || Objects.equals(wanted, actual);
	}

}
