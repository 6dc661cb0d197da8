package dev.secretsstore.driver.reload;

import java.net.URI;
import java.util.Optional;

import dev.secretsstore.driver.rotation.RotationEvent;

/**
 * Where the pod of a rotation wants to be told: its reload endpoint on its own address,
 * or empty when it has not opted in (or is gone). Cluster mode reads the pod from the API
 * server; standalone mode, the volume's attributes.
 */
@FunctionalInterface
public interface ReloadTargets {

	/**
	 * @throws IllegalArgumentException when the pod's opt-in is not a valid reload URL,
	 * naming why
	 */
	Optional<URI> of(RotationEvent event);

}
