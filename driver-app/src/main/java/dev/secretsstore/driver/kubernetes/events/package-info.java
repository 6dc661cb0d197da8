/**
 * Kubernetes Events on the Pod for rotation outcomes, reload hooks and restarts on
 * rotation (and, for a restart, on the workload), in cluster mode.
 */
package dev.secretsstore.driver.kubernetes.events;
