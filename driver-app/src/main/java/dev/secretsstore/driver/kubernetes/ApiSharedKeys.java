package dev.secretsstore.driver.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.RetryableProviderException;
import dev.secretsstore.provider.SharedKeys;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;

/**
 * Keys in Secrets of the driver's namespace, got or created the way the Go Vault provider
 * does it (its {@code internal/hmac}): GET; on 404 create the Secret, immutable, with the
 * candidate; on 409 AlreadyExists another node won the race, so GET again and use its
 * key. A key read is kept for {@code keep}, so a rotation pass does not cost one GET per
 * volume, yet a Secret deleted to make a new key is seen again within that time.
 */
public class ApiSharedKeys implements SharedKeys {

	/** Where kubelet puts the pod's namespace. */
	static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

	private static final int FORBIDDEN = 403;

	private static final int NOT_FOUND = 404;

	private static final int CONFLICT = 409;

	private final CoreV1Api api;

	private final String namespace;

	private final Duration keep;

	private final Clock clock;

	private final Map<String, Read> reads = new ConcurrentHashMap<>();

	public ApiSharedKeys(CoreV1Api api, String namespace, Duration keep, Clock clock) {
		this.api = api;
		this.namespace = namespace;
		this.keep = keep;
		this.clock = clock;
	}

	/**
	 * The namespace the driver runs in, from its service account; {@code default} outside
	 * a pod.
	 */
	static String ownNamespace(Path file) {
		try {
			String namespace = Files.readString(file, StandardCharsets.UTF_8).strip();
			return namespace.isEmpty() ? "default" : namespace;
		}
		catch (IOException ex) {
			return "default";
		}
	}

	@Override
	public byte[] getOrCreate(String secretName, String dataKey, Supplier<byte[]> candidate) throws ProviderException {
		String cacheKey = secretName + "/" + dataKey;
		Instant now = this.clock.instant();
		Read last = this.reads.get(cacheKey);
		if (last != null && now.isBefore(last.at().plus(this.keep))) {
			return last.key().clone();
		}
		byte[] key = keyOf(read(secretName, dataKey, candidate), dataKey);
		this.reads.put(cacheKey, new Read(key, now));
		return key.clone();
	}

	private V1Secret read(String name, String dataKey, Supplier<byte[]> candidate) throws ProviderException {
		try {
			return this.api.readNamespacedSecret(name, this.namespace).execute();
		}
		catch (ApiException ex) {
			if (ex.getCode() != NOT_FOUND) {
				throw failure("get", name, ex);
			}
		}
		V1Secret secret = new V1Secret().apiVersion("v1")
			.kind("Secret")
			.metadata(new V1ObjectMeta().name(name).namespace(this.namespace))
			.immutable(true)
			.data(Map.of(dataKey, candidate.get()));
		try {
			return this.api.createNamespacedSecret(this.namespace, secret).execute();
		}
		catch (ApiException ex) {
			if (ex.getCode() != CONFLICT) {
				throw failure("create", name, ex);
			}
		}
		try {
			return this.api.readNamespacedSecret(name, this.namespace).execute();
		}
		catch (ApiException ex) {
			throw failure("get", name, ex);
		}
	}

	private byte[] keyOf(V1Secret secret, String dataKey) throws ProviderException {
		byte[] key = (secret.getData() != null) ? secret.getData().get(dataKey) : null;
		if (key == null || key.length == 0) {
			throw new ProviderException(Reason.FAILED, "SharedKeyMissing",
					"secret " + this.namespace + "/" + secret.getMetadata().getName() + " has no value under '"
							+ dataKey + "'; delete it so that it is created again");
		}
		return key;
	}

	private ProviderException failure(String verb, String name, ApiException ex) {
		String failure = KubernetesApiException.describe(verb, "secret " + this.namespace + "/" + name, ex);
		if (ex.getCode() == FORBIDDEN) {
			return new ProviderException(Reason.PERMISSION_DENIED, "SharedKeyForbidden",
					failure + ": the driver's service account needs get on the secret " + name
							+ " and create on secrets in " + "namespace " + this.namespace,
					ex);
		}
		return new RetryableProviderException("SharedKeyUnavailable", failure, null, ex);
	}

	private record Read(byte[] key, Instant at) {
	}

}
