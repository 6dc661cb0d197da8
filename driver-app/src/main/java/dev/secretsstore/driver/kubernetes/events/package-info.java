/**
 * Kubernetes Events on the Pod for rotation outcomes, in cluster mode.
 */
package dev.secretsstore.driver.kubernetes.events;
