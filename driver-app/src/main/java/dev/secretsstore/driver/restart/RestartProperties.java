package dev.secretsstore.driver.restart;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Restarting workloads on rotation, off by default (cluster mode only).
 *
 * @param enabled whether a rotation that changed an opted-in pod's files restarts its
 * Deployment, StatefulSet or DaemonSet (needs RBAC: the chart's
 * {@code restartOnRotation.enabled})
 * @param quietPeriod how long to wait after a workload's first rotation before restarting
 * it; the rotations of that workload within it make one restart
 * @param minPeriod a workload is restarted at most once per this period, counted from the
 * time on its template
 * @param retryInterval while the previous rollout is progressing (or the API server
 * fails), how long to wait before looking again
 * @param retries how many times to look again before giving up with a Warning Event
 * @param kept how many restart decisions {@code GET /actuator/rotations} shows
 */
@ConfigurationProperties("secrets-store.restart")
public record RestartProperties(@DefaultValue("false") boolean enabled, @DefaultValue("30s") Duration quietPeriod,
		@DefaultValue("5m") Duration minPeriod, @DefaultValue("30s") Duration retryInterval,
		@DefaultValue("20") int retries, @DefaultValue("100") int kept) {
}
