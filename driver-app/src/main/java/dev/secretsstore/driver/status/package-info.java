/**
 * Where mounted volumes are recorded so that nothing mounted is forgotten across
 * restarts: the volume record ({@link dev.secretsstore.driver.status.MountedVolume}), the
 * {@link dev.secretsstore.driver.status.MountStatusStore} port, its documents, and the
 * standalone folder store. Cluster mode's store of SecretProviderClassPodStatus objects
 * is an adapter in {@code kubernetes}.
 */
package dev.secretsstore.driver.status;
