package dev.secretsstore.driver.reload;

import java.net.URI;
import java.util.Optional;

import dev.secretsstore.driver.rotation.RotationEvent;

/**
 * Where the pod of a rotation wants to be told: its reload endpoint on its own address,
 * or empty when it has not opted in (or is gone). Cluster mode looks the pod up in the
 * watch of this node's pods (by GET when the watch has not shown it yet); standalone mode
 * reads the volume's attributes.
 */
@FunctionalInterface
public interface ReloadTargets {

	/**
	 * @throws IllegalArgumentException when the pod's opt-in is not a valid reload URL,
	 * naming why
	 */
	Optional<URI> of(RotationEvent event);

}
