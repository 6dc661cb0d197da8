package dev.secretsstore.driver.kubernetes.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Secret;

/**
 * Creates or replaces one Secret so it holds a {@link DesiredSecret} with given owners
 * among its owners, and makes no API call when the last write from this process already
 * did both and nobody changed the Secret since.
 */
final class SecretWriter {

	private static final int NOT_FOUND = 404;

	private static final int CONFLICT = 409;

	private final CoreV1Api api;

	/** What this process last wrote, per {@code namespace/name}. */
	private final Map<String, Written> written = new ConcurrentHashMap<>();

	/**
	 * Pods of different volumes can share a Secret; their writes must not interleave
	 * between GET and PUT.
	 */
	private final Map<String, Object> locks = new ConcurrentHashMap<>();

	SecretWriter(CoreV1Api api) {
		this.api = api;
	}

	/**
	 * Makes the Secret hold {@code desired} with {@code owners} among its owners.
	 * @return what had to be done
	 * @throws ApiException when the API server refuses
	 */
	Outcome write(DesiredSecret desired, List<V1OwnerReference> owners) throws ApiException {
		synchronized (this.locks.computeIfAbsent(desired.key(), (key) -> new Object())) {
			// the data is hashed once per write, and only here
			SecretFingerprint fingerprint = desired.fingerprint();
			Written last = this.written.get(desired.key());
			if (last != null && last.fingerprint().equals(fingerprint)
					&& last.ownerUids().containsAll(owners.stream().map(V1OwnerReference::getUid).toList())) {
				return Outcome.NOTHING;
			}
			// forget first: if the write fails half-way the next pass must not trust the
			// old content
			this.written.remove(desired.key());
			Sent sent = send(desired, fingerprint, owners, true);
			this.written.put(desired.key(), new Written(fingerprint, ownerUids(sent.stored())));
			return sent.outcome();
		}
	}

	/**
	 * Whether this process has written the Secret {@code key} and still trusts that
	 * write.
	 */
	boolean hasWritten(String key) {
		return this.written.containsKey(key);
	}

	/**
	 * Whether the Secret {@code key} ({@code namespace/name}), as the API server now has
	 * it, still holds what this process last wrote; true when this process never wrote it
	 * (it is someone else's to keep).
	 * @param live the Secret now, or empty when it was deleted
	 */
	boolean holdsLastWrite(String key, Optional<SecretFingerprint> live) {
		Written last = this.written.get(key);
		return last == null || live.map((secret) -> secret.holds(last.fingerprint())).orElse(false);
	}

	/**
	 * Forgets the last write of {@code key}, so the next {@link #write} sends it again.
	 */
	void forget(String key) {
		this.written.remove(key);
	}

	private Sent send(DesiredSecret desired, SecretFingerprint fingerprint, List<V1OwnerReference> added,
			boolean mayRetry) throws ApiException {
		try {
			V1Secret current = read(desired);
			if (current == null) {
				return new Sent(create(desired, withOwner(null, added)), Outcome.CREATED);
			}
			List<V1OwnerReference> owners = withOwner(current.getMetadata().getOwnerReferences(), added);
			if (!desired.type().equals(current.getType())) {
				// the type of a Secret is immutable: the only way to change it is a new
				// Secret
				delete(desired);
				return new Sent(create(desired, owners), Outcome.UPDATED);
			}
			Outcome outcome = SecretFingerprint.of(current).holds(fingerprint) ? Outcome.OWNERS_ADDED : Outcome.UPDATED;
			return new Sent(replace(desired, current, owners), outcome);
		}
		catch (ApiException ex) {
			// someone else wrote in between (stale resourceVersion, or created it first):
			// read again, once
			if (ex.getCode() == CONFLICT && mayRetry) {
				return send(desired, fingerprint, added, false);
			}
			throw ex;
		}
	}

	private V1Secret read(DesiredSecret desired) throws ApiException {
		try {
			return this.api.readNamespacedSecret(desired.name(), desired.namespace()).execute();
		}
		catch (ApiException ex) {
			if (ex.getCode() == NOT_FOUND) {
				return null;
			}
			throw ex;
		}
	}

	private V1Secret create(DesiredSecret desired, List<V1OwnerReference> owners) throws ApiException {
		V1Secret secret = new V1Secret().apiVersion("v1")
			.kind("Secret")
			.metadata(new V1ObjectMeta().name(desired.name()).namespace(desired.namespace()))
			.type(desired.type());
		fill(secret, desired, owners);
		return this.api.createNamespacedSecret(desired.namespace(), secret).execute();
	}

	private V1Secret replace(DesiredSecret desired, V1Secret current, List<V1OwnerReference> owners)
			throws ApiException {
		// the current object keeps its resourceVersion (optimistic lock), finalizers and
		// other metadata
		fill(current, desired, owners);
		current.setStringData(null);
		return this.api.replaceNamespacedSecret(desired.name(), desired.namespace(), current).execute();
	}

	private void delete(DesiredSecret desired) throws ApiException {
		try {
			this.api.deleteNamespacedSecret(desired.name(), desired.namespace()).execute();
		}
		catch (ApiException ex) {
			if (ex.getCode() != NOT_FOUND) {
				throw ex;
			}
		}
	}

	private static void fill(V1Secret secret, DesiredSecret desired, List<V1OwnerReference> owners) {
		secret.getMetadata()
			.labels(new LinkedHashMap<>(desired.labels()))
			.annotations(desired.annotations().isEmpty() ? null : new LinkedHashMap<>(desired.annotations()))
			.ownerReferences(owners);
		// a whole new map, so keys dropped from the SecretProviderClass disappear
		secret.setData(new LinkedHashMap<>(desired.data()));
	}

	private static List<V1OwnerReference> withOwner(List<V1OwnerReference> existing, List<V1OwnerReference> added) {
		List<V1OwnerReference> owners = new ArrayList<>((existing != null) ? existing : List.of());
		for (V1OwnerReference owner : added) {
			// the API server refuses an owner reference without a UID
			if (owner.getUid() != null && !owner.getUid().isBlank()
					&& owners.stream().noneMatch((candidate) -> owner.getUid().equals(candidate.getUid()))) {
				owners.add(owner);
			}
		}
		return owners;
	}

	private static Set<String> ownerUids(V1Secret secret) {
		List<V1OwnerReference> owners = (secret.getMetadata() != null) ? secret.getMetadata().getOwnerReferences()
				: null;
		return (owners != null) ? owners.stream().map(V1OwnerReference::getUid).collect(Collectors.toSet()) : Set.of();
	}

	/**
	 * What a write did.
	 */
	enum Outcome {

		/** The Secret already held everything: no API call. */
		NOTHING,

		/** The Secret was created. */
		CREATED,

		/**
		 * The Secret existed with other content (data, type, declared labels or
		 * annotations) and got the new.
		 */
		UPDATED,

		/** The Secret held the content; only owners were added. */
		OWNERS_ADDED

	}

	private record Sent(V1Secret stored, Outcome outcome) {
	}

	/**
	 * What a write wrote and the owners the Secret had after it.
	 */
	private record Written(SecretFingerprint fingerprint, Set<String> ownerUids) {
	}

}
