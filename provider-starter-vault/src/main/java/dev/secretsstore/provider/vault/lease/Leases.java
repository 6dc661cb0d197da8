package dev.secretsstore.provider.vault.lease;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.secretsstore.provider.vault.client.VaultRequest;
import dev.secretsstore.provider.vault.client.VaultSessionKey;

/**
 * The leases of every volume, in memory only: one per volume (pod UID and target path),
 * login and Vault call. Bounded, least recently used first out; a lease that has ended is
 * dropped, and so is a volume's lease its SecretProviderClass no longer asks for. A pod
 * that goes away takes its leases with it once they end (Vault revokes them then, or with
 * the token that read them), or sooner when the bound needs the room.
 */
public final class Leases {

	/**
	 * Enough for every pod a node can run (110 by default) with dozens of dynamic secrets
	 * each.
	 */
	public static final int MAX_SIZE = 10_000;

	private final int maxSize;

	private final Clock clock;

	private final Map<Key, Lease> leases;

	public Leases(int maxSize, Clock clock) {
		this.maxSize = maxSize;
		this.clock = clock;
		this.leases = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<Key, Lease> eldest) {
				return size() > Leases.this.maxSize;
			}

		};
	}

	synchronized Optional<Lease> get(Key key) {
		return Optional.ofNullable(this.leases.get(key));
	}

	synchronized void put(Key key, Lease lease) {
		dropEnded();
		this.leases.put(key, lease);
	}

	/**
	 * Forgets the leases of {@code volume} other than {@code kept}.
	 */
	synchronized void retain(Volume volume, Set<Key> kept) {
		dropEnded();
		this.leases.keySet().removeIf((key) -> key.volume().equals(volume) && !kept.contains(key));
	}

	public synchronized int size() {
		return this.leases.size();
	}

	private void dropEnded() {
		this.leases.values().removeIf((lease) -> !lease.expiresAt().isAfter(this.clock.instant()));
	}

	/**
	 * One volume of one pod.
	 *
	 * @param podUid the pod's UID
	 * @param targetPath where the volume is mounted
	 */
	public record Volume(String podUid, String targetPath) {
	}

	/**
	 * One lease of a volume: the Vault call that opened it, with the login it was made
	 * as.
	 *
	 * @param volume the volume
	 * @param session the Vault, role and pod of the login
	 * @param request the call, whose arguments stay in memory
	 */
	record Key(Volume volume, VaultSessionKey session, VaultRequest request) {

		/**
		 * Names the volume and the call, never the call's arguments.
		 */
		@Override
		public String toString() {
			return "Key[" + this.volume + ", " + this.request.describe() + "]";
		}

	}

}
