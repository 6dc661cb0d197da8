package dev.secretsstore.driver.rotation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.model.SecretProviderClasses;
import dev.secretsstore.driver.provider.StoreBudgets;
import dev.secretsstore.driver.rotation.RotationProperties.Trigger;
import dev.secretsstore.driver.rotation.refresh.SharedResponses;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.volume.MountedVolumes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three triggers of rotation, all through one {@link RotationReconciler}: the
 * scheduled pass over every mounted volume, kubelet's republish of one volume, and
 * rotation on demand. A pass looks each SecretProviderClass up once (a scheduled pass
 * from the local copy, the watch in cluster mode, so an idle pass costs no API request)
 * and queues the due volumes, stalest first, on the {@link RotationQueue}, which runs
 * them as workers and each provider's share of them allow. A scheduled pass does not wait
 * for its rotations: a volume of a hung store stays queued or running while later passes
 * start the volumes of other providers as they come due. Each rotation ends in the
 * reconciler's {@link RotationDecision}, whose events the triggers get.
 */
public class RotationService {

	private static final Logger logger = LoggerFactory.getLogger(RotationService.class);

	private final RotationReconciler reconciler;

	private final MountedVolumes volumes;

	private final SecretProviderClasses secretProviderClasses;

	private final Trigger trigger;

	private final RotationQueue queue;

	private final StoreOf storeOf;

	RotationService(RotationReconciler reconciler, MountedVolumes volumes, SecretProviderClasses secretProviderClasses,
			Trigger trigger, RotationQueue queue, StoreOf storeOf) {
		this.reconciler = reconciler;
		this.volumes = volumes;
		this.secretProviderClasses = secretProviderClasses;
		this.trigger = trigger;
		this.queue = queue;
		this.storeOf = storeOf;
	}

	/**
	 * The scheduled pass: queues every due volume that is not queued or rotating yet, and
	 * returns at once.
	 * @return the outcomes of the rotations this pass queued, once they have all run
	 */
	public CompletableFuture<List<RotationEvent>> scheduledPass() {
		if (!this.trigger.includesScheduler()) {
			return CompletableFuture.completedFuture(List.of());
		}
		List<MountedVolume> mounted = List.copyOf(this.volumes.all());
		this.reconciler.retainOnly(mounted.stream().map(MountedVolume::targetPath).toList());
		Map<String, Optional<SecretProviderClass>> classes = new HashMap<>();
		List<Due> due = new ArrayList<>();
		for (MountedVolume volume : mounted) {
			Optional<SecretProviderClass> spc = find(volume, RotationTrigger.SCHEDULED, classes);
			this.reconciler.dueSince(volume, spc).ifPresent((since) -> due.add(new Due(volume, spc, since)));
		}
		due.sort(Comparator.comparing(Due::since));
		SharedResponses shared = SharedResponses.forOnePass();
		return allOf(due.stream()
			.map((d) -> this.queue.submitScheduled(d.volume().targetPath(), this.storeOf.apply(d.volume(), d.spc()),
					() -> this.reconciler.reconcile(d.volume(), d.spc(), RotationTrigger.SCHEDULED, shared)))
			.toList(), shared);
	}

	/**
	 * Rotates now every volume that {@code filter} selects, due or not, and waits for the
	 * outcomes.
	 */
	public List<RotationEvent> rotateNow(Predicate<MountedVolume> filter) {
		return rotateSoon(filter, RotationTrigger.ON_DEMAND).join();
	}

	/**
	 * Queues a rotation of every volume that {@code filter} selects, due or not, and
	 * returns at once.
	 * @param trigger what asked: {@link RotationTrigger#ON_DEMAND} or
	 * {@link RotationTrigger#STORE_CHANGE}
	 * @return the outcomes, once every rotation has run
	 */
	public CompletableFuture<List<RotationEvent>> rotateSoon(Predicate<MountedVolume> filter, RotationTrigger trigger) {
		if (!trigger.ignoresInterval()) {
			throw new IllegalArgumentException(trigger + " rotates only due volumes");
		}
		Map<String, Optional<SecretProviderClass>> classes = new HashMap<>();
		SharedResponses shared = SharedResponses.forOnePass();
		List<CompletableFuture<RotationDecision>> rotations = new ArrayList<>();
		for (MountedVolume volume : this.volumes.all().stream().filter(filter).toList()) {
			Optional<SecretProviderClass> spc = find(volume, trigger, classes);
			rotations.add(this.queue.submit(volume.targetPath(), this.storeOf.apply(volume, spc),
					() -> this.reconciler.reconcile(volume, spc, trigger, shared)));
		}
		return allOf(rotations, shared);
	}

	/**
	 * kubelet republished {@code volume}: rotates it if it is due, on kubelet's call. A
	 * failure is reported but not returned to kubelet, which would otherwise delete the
	 * mount folder (kubernetes/kubernetes#121271).
	 */
	public void onRepublish(MountedVolume volume) {
		if (this.trigger.includesRepublish()) {
			this.reconciler.reconcile(volume, find(volume, RotationTrigger.REPUBLISH, new HashMap<>()),
					RotationTrigger.REPUBLISH);
		}
	}

	private static CompletableFuture<List<RotationEvent>> allOf(List<CompletableFuture<RotationDecision>> rotations,
			SharedResponses shared) {
		return CompletableFuture.allOf(rotations.toArray(CompletableFuture[]::new)).thenApply((done) -> {
			if (shared.savedCalls() > 0) {
				logger.debug("Rotation pass: {} provider call(s) shared among identical requests", shared.savedCalls());
			}
			return rotations.stream().flatMap((rotation) -> rotation.join().event().stream()).toList();
		});
	}

	private Optional<SecretProviderClass> find(MountedVolume volume, RotationTrigger trigger,
			Map<String, Optional<SecretProviderClass>> memo) {
		String namespace = volume.pod().namespace();
		String name = volume.secretProviderClass();
		return memo.computeIfAbsent(namespace + "/" + name,
				(key) -> trigger.readsCachedClasses() ? this.secretProviderClasses.findCached(namespace, name)
						: this.secretProviderClasses.find(namespace, name));
	}

	/**
	 * The store whose request budget a rotation of a volume spends.
	 */
	@FunctionalInterface
	interface StoreOf {

		StoreBudgets.Store apply(MountedVolume volume, Optional<SecretProviderClass> spc);

	}

	/** A volume found due, with its class as looked up for the pass. */
	private record Due(MountedVolume volume, Optional<SecretProviderClass> spc, Instant since) {
	}

}
