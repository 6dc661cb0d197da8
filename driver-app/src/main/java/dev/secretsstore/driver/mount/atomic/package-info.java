/**
 * Writing the whole content of a volume with kubelet's atomic-writer layout, so a pod
 * sees the old files or the new ones, never a mix
 * ({@link dev.secretsstore.driver.mount.atomic.AtomicWriter}, the entry, which also lists
 * the files a pod sees). It uses {@code mount}'s group, file-tree walks and modes.
 */
package dev.secretsstore.driver.mount.atomic;
