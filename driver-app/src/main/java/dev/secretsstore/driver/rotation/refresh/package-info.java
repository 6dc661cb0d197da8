/**
 * Refreshing one mounted volume for rotation: asking its provider again with the versions
 * mounted now and kubelet's latest credentials, and swapping the files when anything
 * changed ({@link dev.secretsstore.driver.rotation.refresh.VolumeRefresher}, the entry),
 * sharing identical provider answers within one pass
 * ({@link dev.secretsstore.driver.rotation.refresh.SharedResponses}). It uses the volume
 * package's locks, contents and record, as publish does, and knows nothing of when
 * rotation runs.
 */
package dev.secretsstore.driver.rotation.refresh;
