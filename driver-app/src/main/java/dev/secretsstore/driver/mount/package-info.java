/**
 * The folders behind volumes and the rules for their paths: a tmpfs per volume, or a
 * plain folder in standalone mode ({@link dev.secretsstore.driver.mount.Mounter}),
 * creating and clearing a volume's folder, the target paths kubelet may send and the
 * links they may not cross, the group a volume's files get, and file-tree walks and modes
 * that follow no link. Under it, {@code atomic} writes a volume's files; it builds on
 * this package, which never uses it.
 */
package dev.secretsstore.driver.mount;
