package dev.secretsstore.driver.rotation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Auto rotation settings.
 *
 * @param enabled whether mounted volumes are rotated ({@code --enable-secret-rotation})
 * @param pollInterval how long a volume's content may go unchecked
 * ({@code --rotation-poll-interval}); a SecretProviderClass can set its own with the
 * annotation {@code secrets-store.csi.x-k8s.io/rotation-poll-interval}
 * @param trigger what starts a rotation: the driver's own scheduled passes, kubelet's
 * republish calls, or both ({@code --rotation-trigger})
 * @param passInterval how often, at most, the scheduled pass looks for due volumes:
 * passes come at least every twentieth of {@code pollInterval} (not under 100 ms), so a
 * short interval is kept ({@link #effectivePassInterval()})
 * @param parallelism how many volumes are refreshed at the same time; provider calls
 * mostly wait on the network, so this is sized for a store with tens of milliseconds of
 * latency
 * @param parallelismPerProvider how many of those refreshes one provider may hold (at
 * most {@code parallelism}): a hung or slow store then holds only its share until its
 * calls time out, and the other providers' volumes keep rotating on the rest
 * @param eventsKept how many recent rotation events {@code /actuator/rotations} keeps
 * @param mintTokens whether a rotation mints service-account tokens with the TokenRequest
 * API when kubelet's have expired ({@code --enable-token-minting}; cluster mode only,
 * needs RBAC to create {@code serviceaccounts/token}); without it such a rotation fails
 * until kubelet republishes the volume
 */
@ConfigurationProperties("secrets-store.rotation")
public record RotationProperties(@DefaultValue("false") boolean enabled, @DefaultValue("2m") Duration pollInterval,
		@DefaultValue("both") Trigger trigger, @DefaultValue("5s") Duration passInterval,
		@DefaultValue("20") int parallelism, @DefaultValue("16") int parallelismPerProvider,
		@DefaultValue("200") int eventsKept, @DefaultValue("false") boolean mintTokens) {

	/**
	 * Passes never come more often than this, whatever the interval: each one looks at
	 * every mounted volume.
	 */
	static final Duration SHORTEST_PASS_INTERVAL = Duration.ofMillis(100);

	/**
	 * How often the scheduled pass runs: {@code passInterval}, or a twentieth of
	 * {@code pollInterval} when that is shorter (and not under 100 ms). A volume is due
	 * one interval and up to a twentieth after its last check, and the pass that finds it
	 * due comes within another twentieth: with a 2 s interval, passes every 100 ms
	 * instead of 5 s.
	 */
	public Duration effectivePassInterval() {
		Duration twentieth = this.pollInterval.dividedBy(20);
		Duration wanted = (twentieth.compareTo(this.passInterval) < 0) ? twentieth : this.passInterval;
		return (wanted.compareTo(SHORTEST_PASS_INTERVAL) < 0) ? SHORTEST_PASS_INTERVAL : wanted;
	}

	/**
	 * What starts rotations.
	 */
	public enum Trigger {

		/** Only the driver's scheduled passes. */
		SCHEDULER,

		/**
		 * Only kubelet's republish calls (CSIDriver {@code requiresRepublish: true}), as
		 * the Go driver 1.6.
		 */
		REPUBLISH,

		/** Both. */
		BOTH;

		boolean includesScheduler() {
			return this != REPUBLISH;
		}

		boolean includesRepublish() {
			return this != SCHEDULER;
		}

	}

}
