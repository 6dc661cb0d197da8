package dev.secretsstore.driver.kubernetes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.RetryableProviderException;
import dev.secretsstore.provider.ServiceAccounts;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ServiceAccount;

/**
 * Service-account annotations for in-process providers, read with a GET and kept for
 * {@code keep}: a rotation pass asks for the same few service accounts for every volume,
 * and their annotations (an IAM role) change rarely. A service account that does not
 * exist has no annotations; a failing API server is a retryable failure of the mount.
 */
public class ApiServiceAccounts implements ServiceAccounts {

	private static final int NOT_FOUND = 404;

	private static final int FORBIDDEN = 403;

	private final CoreV1Api api;

	private final Duration keep;

	private final Clock clock;

	private final Map<String, Read> reads = new ConcurrentHashMap<>();

	public ApiServiceAccounts(CoreV1Api api, Duration keep, Clock clock) {
		this.api = api;
		this.keep = keep;
		this.clock = clock;
	}

	@Override
	public Map<String, String> annotations(String namespace, String name) throws ProviderException {
		String key = namespace + "/" + name;
		Instant now = this.clock.instant();
		Read last = this.reads.get(key);
		if (last != null && now.isBefore(last.at().plus(this.keep))) {
			return last.annotations();
		}
		Map<String, String> annotations = read(namespace, name);
		this.reads.put(key, new Read(annotations, now));
		return annotations;
	}

	private Map<String, String> read(String namespace, String name) throws ProviderException {
		try {
			V1ServiceAccount account = this.api.readNamespacedServiceAccount(name, namespace).execute();
			Map<String, String> annotations = account.getMetadata().getAnnotations();
			return (annotations != null) ? Map.copyOf(annotations) : Map.of();
		}
		catch (ApiException ex) {
			if (ex.getCode() == NOT_FOUND) {
				return Map.of();
			}
			String failure = KubernetesApiException.describe("get", "serviceaccount " + namespace + "/" + name, ex);
			if (ex.getCode() == FORBIDDEN) {
				throw new ProviderException(Reason.PERMISSION_DENIED, "ServiceAccountNotRead", failure
						+ ": the driver's service account needs get on serviceaccounts (the chart grants it when the "
						+ "aws provider is on)", ex);
			}
			throw new RetryableProviderException("ServiceAccountNotRead", failure, null, ex);
		}
	}

	private record Read(Map<String, String> annotations, Instant at) {
	}

}
