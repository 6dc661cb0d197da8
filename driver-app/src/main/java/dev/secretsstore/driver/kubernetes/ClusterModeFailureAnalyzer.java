package dev.secretsstore.driver.kubernetes;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a failed start in cluster mode into one short message with what to do, instead of
 * a chain of bean errors.
 */
class ClusterModeFailureAnalyzer extends AbstractFailureAnalyzer<ClusterModeUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ClusterModeUnavailableException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"In a cluster, run the driver from the Helm chart, which sets --nodeid and the service account. "
						+ "Without a cluster, run with --standalone --spc-dir=<folder of SecretProviderClass YAML files>, "
						+ "or try the demo with --demo.",
				cause);
	}

}
