package dev.secretsstore.driver.rotation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import dev.secretsstore.driver.kubernetes.SecretProviderClasses;
import dev.secretsstore.driver.kubernetes.model.SecretProviderClass;
import dev.secretsstore.driver.rotation.RotationProperties.Trigger;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.volume.MountedVolumes;
import dev.secretsstore.driver.volume.SharedResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three triggers of rotation, all through one {@link RotationReconciler}: the scheduled pass over every
 * mounted volume, kubelet's republish of one volume, and rotation on demand. A pass refreshes at most
 * {@code parallelism} volumes at a time and looks each SecretProviderClass up once; a scheduled pass reads them
 * from the local copy (the watch in cluster mode), so an idle pass costs no API request.
 */
public class RotationService {

	private static final Logger logger = LoggerFactory.getLogger(RotationService.class);

	private final RotationReconciler reconciler;

	private final MountedVolumes volumes;

	private final SecretProviderClasses secretProviderClasses;

	private final Trigger trigger;

	private final ExecutorService pool;

	public RotationService(RotationReconciler reconciler, MountedVolumes volumes,
			SecretProviderClasses secretProviderClasses, Trigger trigger, ExecutorService pool) {
		this.reconciler = reconciler;
		this.volumes = volumes;
		this.secretProviderClasses = secretProviderClasses;
		this.trigger = trigger;
		this.pool = pool;
	}

	/**
	 * The scheduled pass: rotates every due volume.
	 */
	public List<RotationEvent> scheduledPass() {
		if (!this.trigger.includesScheduler()) {
			return List.of();
		}
		List<MountedVolume> mounted = List.copyOf(this.volumes.all());
		this.reconciler.retainOnly(mounted.stream().map(MountedVolume::targetPath).toList());
		return run(mounted, RotationTrigger.SCHEDULED);
	}

	/**
	 * Rotates now every volume that {@code filter} selects, due or not.
	 */
	public List<RotationEvent> rotateNow(Predicate<MountedVolume> filter) {
		return run(this.volumes.all().stream().filter(filter).toList(), RotationTrigger.ON_DEMAND);
	}

	/**
	 * kubelet republished {@code volume}: rotates it if it is due. A failure is reported but not returned to
	 * kubelet, which would otherwise delete the mount folder (kubernetes/kubernetes#121271).
	 */
	public void onRepublish(MountedVolume volume) {
		if (this.trigger.includesRepublish()) {
			this.reconciler.reconcile(volume, find(volume, RotationTrigger.REPUBLISH, new HashMap<>()),
					RotationTrigger.REPUBLISH);
		}
	}

	private List<RotationEvent> run(List<MountedVolume> selected, RotationTrigger trigger) {
		Map<String, Optional<SecretProviderClass>> classes = new HashMap<>();
		SharedResponses shared = SharedResponses.forOnePass();
		List<Future<Optional<RotationEvent>>> running = new ArrayList<>();
		for (MountedVolume volume : selected) {
			Optional<SecretProviderClass> spc = find(volume, trigger, classes);
			running.add(this.pool.submit(() -> this.reconciler.reconcile(volume, spc, trigger, shared)));
		}
		List<RotationEvent> events = new ArrayList<>();
		for (Future<Optional<RotationEvent>> future : running) {
			try {
				future.get().ifPresent(events::add);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (ExecutionException ex) {
				logger.error("Rotation failed unexpectedly", ex.getCause());
			}
		}
		if (shared.savedCalls() > 0) {
			logger.debug("Rotation pass ({}): {} provider call(s) shared among identical requests",
					trigger.name().toLowerCase(), shared.savedCalls());
		}
		return events;
	}

	private Optional<SecretProviderClass> find(MountedVolume volume, RotationTrigger trigger,
			Map<String, Optional<SecretProviderClass>> memo) {
		String namespace = volume.pod().namespace();
		String name = volume.secretProviderClass();
		// kubelet's and the operator's calls see the class as the API server has it; scheduled passes the copy
		return memo.computeIfAbsent(namespace + "/" + name,
				(key) -> (trigger == RotationTrigger.SCHEDULED) ? this.secretProviderClasses.findCached(namespace, name)
						: this.secretProviderClasses.find(namespace, name));
	}

}
