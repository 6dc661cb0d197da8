/**
 * The volume use cases kubelet drives: publish (resolve the SecretProviderClass, call the
 * provider, write the files atomically, record the mount) and unpublish, one volume at a
 * time. It also holds what rotation's refresh of a volume shares with them: the
 * per-volume locks, kubelet's latest credentials, finding, asking and writing a volume's
 * content, the record of mounted volumes and the content listeners. It knows nothing of
 * rotation, which uses it.
 */
package dev.secretsstore.driver.volume;
