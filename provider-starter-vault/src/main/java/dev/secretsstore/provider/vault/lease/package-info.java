/**
 * Dynamic secrets: a Vault answer with a {@code lease_id} is a
 * {@link dev.secretsstore.provider.vault.lease.Lease} that the volume keeps
 * ({@link dev.secretsstore.provider.vault.lease.Leases}, in memory only) and mounts again
 * while it can be renewed ({@link dev.secretsstore.provider.vault.lease.LeaseRenewal});
 * {@link dev.secretsstore.provider.vault.lease.VolumeLeases} is one mount's view of them.
 */
package dev.secretsstore.provider.vault.lease;
