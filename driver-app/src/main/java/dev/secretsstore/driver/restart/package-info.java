/**
 * Restarting workloads on rotation (cluster mode, opt-in): after a rotation changed the
 * files of a pod that asks for it, the driver restarts the pod's Deployment, StatefulSet
 * or DaemonSet as {@code kubectl rollout restart} does, once per workload whatever the
 * number of nodes, after a quiet period, never more often than a minimum period and never
 * while the previous rollout is progressing. The decisions live here, free of Spring and
 * of client-java; the workload API is a port
 * ({@link dev.secretsstore.driver.restart.WorkloadApi}) that the {@code kubernetes}
 * package implements.
 */
package dev.secretsstore.driver.restart;
