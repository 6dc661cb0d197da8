package dev.secretsstore.provider.vault.lease;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.secretsstore.provider.vault.client.VaultRequest;
import dev.secretsstore.provider.vault.client.VaultSessionKey;

/**
 * The leases of the volume one mount serves: which dynamic secrets it may mount again,
 * and the new ones it read. Without the pod's UID in the volume context there is no
 * telling pods apart over time, so nothing is kept and every mount reads anew, as the Go
 * provider does.
 */
public final class VolumeLeases {

	private final Leases leases;

	private final LeaseRenewal renewal;

	private final Leases.Volume volume;

	private final VaultSessionKey session;

	private final Clock clock;

	/**
	 * @param volume the volume, or {@code null} to keep nothing
	 */
	public VolumeLeases(Leases leases, LeaseRenewal renewal, Leases.Volume volume, VaultSessionKey session,
			Clock clock) {
		this.leases = leases;
		this.renewal = renewal;
		this.volume = volume;
		this.session = session;
		this.clock = clock;
	}

	/**
	 * The lease of {@code request} to mount again, renewed if due; empty when there is
	 * none or it needs replacing.
	 */
	public Optional<Lease> reuse(VaultRequest request, String what) {
		if (this.volume == null) {
			return Optional.empty();
		}
		Leases.Key key = key(request);
		String whose = what + " of pod " + this.session.podNamespace() + "/" + this.session.podName();
		Optional<Lease> kept = this.leases.get(key).flatMap((lease) -> this.renewal.keep(lease, whose));
		kept.ifPresent((lease) -> this.leases.put(key, lease));
		return kept;
	}

	/**
	 * How long the token that reads {@code request} anew must still live: a new lease
	 * cannot outlive it, so a replacement read with a token about to end would need
	 * replacing again at once.
	 */
	public Duration minimumTokenLife(VaultRequest request) {
		if (this.volume == null) {
			return Duration.ZERO;
		}
		return this.leases.get(key(request))
			.map((lease) -> lease.threshold(this.clock.instant()))
			.orElse(Duration.ZERO);
	}

	public void issued(VaultRequest request, Lease lease) {
		if (this.volume != null) {
			this.leases.put(key(request), lease);
		}
	}

	/**
	 * Forgets the volume's leases this mount did not hold: its SecretProviderClass no
	 * longer asks for them.
	 */
	public void mounted(Map<VaultRequest, Lease> held) {
		if (this.volume != null) {
			Set<Leases.Key> kept = held.keySet().stream().map(this::key).collect(Collectors.toSet());
			this.leases.retain(this.volume, kept);
		}
	}

	private Leases.Key key(VaultRequest request) {
		return new Leases.Key(this.volume, this.session, request);
	}

}
