package dev.secretsstore.driver.restart;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.rotation.RotationListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the workloads of opted-in pods after rotations changed their files. One node's
 * driver runs one coordinator and sees its own pods only; the restart of a workload
 * spread over nodes happens once because every node derives the same
 * {@value RestartAnnotations#RESTARTED_FOR} value from the same rotations, reads the
 * workload before writing and skips when the value is there, and patches with the
 * resourceVersion it read as precondition (a node that loses the race reads again and
 * finds the value).
 * <p>
 * A workload's first rotation starts its quiet period; rotations until the restart fold
 * into it. The restart waits while the previous rollout progresses (a bounded number of
 * looks) and until the minimum period since the time on the template has passed. Only
 * rotations start this: a new pod of the rollout is published, not rotated, so it never
 * asks for another restart. All work runs on the {@link RestartScheduler}, one task at a
 * time, so rotation never waits on the API server and the pending map needs no lock.
 * <p>
 * Counted as {@code secrets_store_workload_restarts_total{kind, outcome}}, one per
 * decision on this node.
 */
public class RestartCoordinator implements RotationListener {

	private static final Logger logger = LoggerFactory.getLogger(RestartCoordinator.class);

	// a workload written by others this often in a row is busy: look again later, as
	// after a progressing rollout
	private static final int CONFLICTS_IN_A_ROW = 3;

	private final WorkloadApi api;

	private final RestartScheduler scheduler;

	private final Clock clock;

	private final RestartProperties properties;

	private final List<RestartListener> listeners;

	private final MeterRegistry meters;

	// touched only by the scheduler's tasks
	private final Map<Workload, PendingRestart> pending = new HashMap<>();

	public RestartCoordinator(WorkloadApi api, RestartScheduler scheduler, Clock clock, RestartProperties properties,
			List<RestartListener> listeners, MeterRegistry meters) {
		this.api = api;
		this.scheduler = scheduler;
		this.clock = clock;
		this.properties = properties;
		this.listeners = List.copyOf(listeners);
		this.meters = meters;
	}

	@Override
	public void onRotation(RotationEvent event) {
		// an idle pass, a failure, or a rotation that swapped nothing changes no file a
		// pod could have read
		if (event.outcome() != RotationEvent.Outcome.ROTATED || event.changes().isEmpty()) {
			return;
		}
		this.scheduler.schedule(() -> note(event), Duration.ZERO);
	}

	private void note(RotationEvent event) {
		RotatedPod pod;
		try {
			Optional<RotatedPod> found = this.api.pod(event);
			if (found.isEmpty()) {
				return;
			}
			pod = found.get();
			// the class is asked only when the pod says nothing itself: its own answer
			// wins
			boolean classOptsIn = (pod.optIn() == null || pod.optIn().isBlank())
					&& this.api.secretProviderClassOptsIn(event.namespace(), event.secretProviderClass());
			if (!RestartOptIn.restarts(pod.optIn(), event.secretProviderClass(), classOptsIn)) {
				return;
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot tell whether pod {}/{} wants its workload restarted: {}", event.namespace(),
					event.pod(), ex.getMessage());
			return;
		}
		RotatedPod.Owner owner;
		try {
			owner = this.api.ownerOf(pod);
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot find the workload of pod {}/{}: {}", event.namespace(), event.pod(), ex.getMessage());
			return;
		}
		if (!owner.restartable()) {
			// the pod is what a restart would have to delete, and deleting is not ours to
			// do: say so on it
			finished(new RestartOutcome(this.clock.instant(), pod.namespace(), "Pod", pod.name(), pod.uid(),
					RestartOutcome.Result.NOT_RESTARTABLE, null,
					List.of(new RestartOutcome.PodRef(pod.name(), pod.uid())), PendingRestart.objectsOf(event),
					"pod " + pod.name() + " asks for a restart on rotation but has " + owner.description()
							+ ": only a Deployment, StatefulSet or DaemonSet is restarted; the pod was neither "
							+ "restarted nor deleted"));
			return;
		}
		Workload workload = owner.workload();
		PendingRestart restart = this.pending.get(workload);
		if (restart == null) {
			restart = new PendingRestart(workload);
			this.pending.put(workload, restart);
			this.scheduler.schedule(() -> attempt(workload), this.properties.quietPeriod());
		}
		restart.add(pod, event);
	}

	private void attempt(Workload workload) {
		PendingRestart restart = this.pending.get(workload);
		if (restart == null) {
			// each pending restart has one chain of attempts, which ends by removing it;
			// nothing is left to do
			return;
		}
		String restartedFor = restart.restartedFor();
		try {
			for (int conflicts = 0; conflicts < CONFLICTS_IN_A_ROW; conflicts++) {
				Optional<WorkloadState> read = this.api.read(workload);
				if (read.isEmpty()) {
					done(restart, RestartOutcome.Result.GONE, null, restartedFor, "the workload is gone");
					return;
				}
				WorkloadState state = read.get();
				RestartDecision decision = RestartDecision.of(state, restartedFor, this.clock.instant(),
						this.properties.minPeriod());
				switch (decision.action()) {
					case ALREADY_DONE -> {
						done(restart, RestartOutcome.Result.ALREADY_RESTARTED, state.uid(), restartedFor, decision.why()
								+ ": restarted for them already, by another node's driver or for another pod");
						return;
					}
					case WAIT_FOR_ROLLOUT -> {
						lookAgain(restart, state.uid(), restartedFor, decision.why());
						return;
					}
					case WAIT_FOR_MIN_PERIOD -> {
						// one wait, as long as the period's rest: bounded by the period
						// itself
						logger.info("Restart of {} waits until {}: {}", workload, decision.notBefore(), decision.why());
						this.scheduler.schedule(() -> attempt(workload),
								Duration.between(this.clock.instant(), decision.notBefore()));
						return;
					}
					case RESTART -> {
						Instant now = this.clock.instant();
						WorkloadApi.Patch patch = this.api.annotateTemplate(workload, state.resourceVersion(),
								RestartAnnotations.of(now, restartedFor));
						if (patch == WorkloadApi.Patch.PATCHED) {
							done(restart, RestartOutcome.Result.RESTARTED, state.uid(), restartedFor,
									"restarted after its pods' files rotated (" + restart.objects().size()
											+ " object version(s))");
							return;
						}
						if (patch == WorkloadApi.Patch.GONE) {
							done(restart, RestartOutcome.Result.GONE, state.uid(), restartedFor,
									"the workload is gone");
							return;
						}
						// CONFLICT: written since the read, perhaps by another node
						// restarting it: read and decide again
					}
				}
			}
			lookAgain(restart, null, restartedFor, "written by others " + CONFLICTS_IN_A_ROW + " times in a row");
		}
		catch (RuntimeException ex) {
			lookAgain(restart, null, restartedFor, "the API server failed: " + ex.getMessage());
		}
	}

	private void lookAgain(PendingRestart restart, String uid, String restartedFor, String why) {
		Workload workload = restart.workload();
		if (!restart.retry(this.properties.retries())) {
			done(restart, RestartOutcome.Result.GAVE_UP, uid, restartedFor, "not restarted after "
					+ this.properties.retries() + " retries every " + this.properties.retryInterval() + ": " + why);
			return;
		}
		logger.info("Restart of {} deferred by {}: {}", workload, this.properties.retryInterval(), why);
		this.scheduler.schedule(() -> attempt(workload), this.properties.retryInterval());
	}

	private void done(PendingRestart restart, RestartOutcome.Result result, String uid, String restartedFor,
			String detail) {
		this.pending.remove(restart.workload());
		Workload workload = restart.workload();
		finished(new RestartOutcome(this.clock.instant(), workload.namespace(), workload.kind().value(),
				workload.name(), uid, result, restartedFor, restart.pods(), restart.objects(), detail));
	}

	private void finished(RestartOutcome outcome) {
		Counter.builder("secrets_store_workload_restarts")
			.description("Restarts of workloads after rotations, by kind and outcome (one per decision of this node)")
			.tag("kind", outcome.kind())
			.tag("outcome", outcome.result().name().toLowerCase(java.util.Locale.ROOT))
			.register(this.meters)
			.increment();
		if (outcome.result() == RestartOutcome.Result.RESTARTED) {
			logger.info("Restarted {} {}/{} for rotation {}", outcome.kind(), outcome.namespace(), outcome.name(),
					outcome.restartedFor());
		}
		else {
			logger.info("{} {}/{} on rotation: {} ({})", outcome.kind(), outcome.namespace(), outcome.name(),
					outcome.result(), outcome.detail());
		}
		for (RestartListener listener : this.listeners) {
			try {
				listener.onRestart(outcome);
			}
			catch (RuntimeException ex) {
				logger.warn("Reporting a workload restart failed: {}", ex.getMessage());
			}
		}
	}

}
