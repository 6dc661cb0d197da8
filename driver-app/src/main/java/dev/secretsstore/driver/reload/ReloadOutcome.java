package dev.secretsstore.driver.reload;

import java.net.URI;

import dev.secretsstore.driver.rotation.RotationEvent;

/**
 * What came of telling a pod that its files rotated.
 *
 * @param rotation the rotation it followed
 * @param endpoint the endpoint called, or null when the pod's opt-in was invalid
 * @param succeeded whether the endpoint answered 2xx
 * @param calls calls made
 * @param detail the last answer or failure, for Events and logs
 */
public record ReloadOutcome(RotationEvent rotation, URI endpoint, boolean succeeded, int calls, String detail) {
}
