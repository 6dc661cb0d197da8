/**
 * Reload hooks: after a rotation changed a pod's files, the driver POSTs to an HTTP
 * endpoint on the pod itself (the pod's {@code secrets-store.csi.x-k8s.io/reload-url}
 * annotation), so that an application that reads its secrets once can reread them without
 * a restart.
 */
package dev.secretsstore.driver.reload;
