package dev.secretsstore.driver.rotation.refresh;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.SecretProvider;

/**
 * Provider answers shared within one rotation pass: volumes whose requests differ only in
 * the pod (its name, UID, target path and its own tokens) get one provider call between
 * them, when the provider says its answers depend on nothing else
 * ({@link SecretProvider#sharesResponsesAcrossPods()}). Everything else in the request
 * (the SecretProviderClass parameters, the volume context including the namespace and
 * service account, kubelet's secrets) must be equal. A failure is shared too: the volumes
 * would have failed alike. An answer the provider marks
 * {@linkplain MountResponse#perPod() per pod} (a dynamic credential, which it may only
 * recognise once it has read it) is never handed to another pod: each of the others asks
 * for its own.
 */
public final class SharedResponses {

	/** Nothing shared: every request is its own call. */
	public static final SharedResponses NONE = new SharedResponses(false);

	private final boolean enabled;

	private final Map<Key, CompletableFuture<MountResponse>> responses = new ConcurrentHashMap<>();

	private final AtomicInteger saved = new AtomicInteger();

	private SharedResponses(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * A new scope, for one pass.
	 */
	public static SharedResponses forOnePass() {
		return new SharedResponses(true);
	}

	/**
	 * How many provider calls this scope saved.
	 */
	public int savedCalls() {
		return this.saved.get();
	}

	MountResponse fetch(SecretProvider provider, MountRequest request, Supplier<MountResponse> call) {
		if (!this.enabled || !provider.sharesResponsesAcrossPods()) {
			return call.get();
		}
		CompletableFuture<MountResponse> mine = new CompletableFuture<>();
		CompletableFuture<MountResponse> first = this.responses.putIfAbsent(Key.of(provider, request), mine);
		if (first != null) {
			MountResponse answer = join(first);
			if (answer.perPod()) {
				return call.get();
			}
			this.saved.incrementAndGet();
			return answer;
		}
		try {
			MountResponse response = call.get();
			mine.complete(response);
			return response;
		}
		catch (RuntimeException ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
	}

	private static MountResponse join(CompletableFuture<MountResponse> first) {
		try {
			return first.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	/**
	 * What two requests must have in common to share an answer.
	 */
	private record Key(String provider, Map<String, String> attributes, Map<String, String> secrets) {

		static Key of(SecretProvider provider, MountRequest request) {
			Map<String, String> attributes = new HashMap<>(request.attributes());
			attributes.remove(MountRequest.POD_NAME);
			attributes.remove(MountRequest.POD_UID);
			// bound to the pod; the service account they stand for is in the volume
			// context and stays in the key
			attributes.remove(MountRequest.SERVICE_ACCOUNT_TOKENS);
			return new Key(provider.name(), attributes, request.secrets());
		}

	}

}
