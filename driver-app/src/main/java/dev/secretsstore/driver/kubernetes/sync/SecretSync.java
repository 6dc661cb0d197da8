package dev.secretsstore.driver.kubernetes.sync;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.model.SecretProviderClass.SecretObject;
import dev.secretsstore.driver.mount.atomic.AtomicWriter;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.volume.MountedContentListener;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors a volume's mounted files into the Secrets its SecretProviderClass lists under
 * {@code secretObjects}, each time the volume's content is fetched. A synced Secret that
 * someone else changes or deletes is written again at the volume's next refresh (the next
 * rotation check).
 */
public final class SecretSync implements MountedContentListener {

	private static final Logger logger = LoggerFactory.getLogger(SecretSync.class);

	private static final int FORBIDDEN = 403;

	private static final int MAX_DETAIL = 300;

	private final SecretWriter writer;

	private final SecretOwners owners;

	private final SyncFailures failures;

	/** The secretObjects of the last sync that fully succeeded, per volume id. */
	private final Map<String, Synced> synced = new ConcurrentHashMap<>();

	private final SyncEvents events;

	private final Runnable watchesNeeded;

	SecretSync(SecretWriter writer, SecretOwners owners, SyncFailures failures) {
		this(writer, owners, failures, SyncEvents.NONE, () -> {
		});
	}

	/**
	 * @param events told of each Secret created, updated or failed, for the pod's
	 * Kubernetes Events
	 * @param watchesNeeded called before each sync, to begin the watches sync reads from
	 * (idempotent)
	 */
	SecretSync(SecretWriter writer, SecretOwners owners, SyncFailures failures, SyncEvents events,
			Runnable watchesNeeded) {
		this.writer = writer;
		this.owners = owners;
		this.failures = failures;
		this.events = events;
		this.watchesNeeded = watchesNeeded;
	}

	@Override
	public void contentFetched(MountedVolume volume, SecretProviderClass spc, boolean changed) {
		List<SecretObject> objects = spc.spec().secretObjects();
		if (objects.isEmpty()) {
			this.synced.remove(volume.volumeId());
			return;
		}
		this.watchesNeeded.run();
		Synced current = new Synced(volume.pod().namespace(), objects);
		// an idle rotation pass: same files, same secretObjects, and the last sync of
		// them worked
		if (!changed && current.equals(this.synced.get(volume.volumeId()))) {
			return;
		}
		this.synced.remove(volume.volumeId());
		Map<String, Path> files = mountedFiles(volume);
		if (files == null) {
			return;
		}
		List<V1OwnerReference> owners = owners(volume);
		if (owners == null) {
			return;
		}
		boolean all = true;
		for (SecretObject object : objects) {
			all &= sync(volume, object, files, owners);
		}
		if (all) {
			this.synced.put(volume.volumeId(), current);
		}
	}

	/**
	 * A watched Secret changed or was deleted: if it no longer holds what this driver
	 * wrote, the volumes that sync it write it again at their next refresh.
	 * @param namespace the Secret's namespace
	 * @param name its name
	 * @param live the Secret now, or empty when it was deleted
	 */
	void secretChanged(String namespace, String name, Optional<SecretFingerprint> live) {
		String key = namespace + "/" + name;
		if (this.writer.holdsLastWrite(key, live)) {
			return;
		}
		logger.info("Secret sync: Secret {} was {} by someone else; it is written again at the next refresh", key,
				live.isPresent() ? "changed" : "deleted");
		this.writer.forget(key);
		this.synced.values().removeIf((entry) -> entry.includes(namespace, name));
	}

	private List<V1OwnerReference> owners(MountedVolume volume) {
		String subject = "owners of pod " + volume.pod();
		try {
			Optional<List<V1OwnerReference>> found = this.owners.of(volume);
			this.failures.succeeded(subject);
			if (found.isEmpty()) {
				// kubelet unpublishes the volume soon; until then each refresh looks
				// again
				logger.debug("Secret sync: pod {} is gone or being deleted; its Secrets are left as they are",
						volume.pod());
				return null;
			}
			return found.get();
		}
		catch (ApiException ex) {
			this.failures.failed(subject,
					"cannot find the owners for the Secrets of pod " + volume.pod() + ": " + describe(ex));
			return null;
		}
	}

	private Map<String, Path> mountedFiles(MountedVolume volume) {
		String subject = "volume " + volume.volumeId();
		try {
			Map<String, Path> files = new AtomicWriter(volume.targetPath()).mountedFiles();
			this.failures.succeeded(subject);
			return files;
		}
		catch (IOException | RuntimeException ex) {
			this.failures.failed(subject, "cannot list the mounted files of pod " + volume.pod() + " at "
					+ volume.targetPath() + ": " + ex.getMessage());
			return null;
		}
	}

	private boolean sync(MountedVolume volume, SecretObject object, Map<String, Path> files,
			List<V1OwnerReference> owners) {
		String namespace = volume.pod().namespace();
		String subject = namespace + "/" + object.secretName();
		DesiredSecret desired;
		try {
			desired = SecretContents.of(object, namespace, files);
		}
		catch (SecretContents.InvalidSecretObjectException ex) {
			this.failures.failed(subject, "skipped for pod " + volume.pod() + ": " + ex.getMessage());
			this.events.failedToCreate(volume, "failed to get data in spc " + namespace + "/"
					+ volume.secretProviderClass() + " for secret " + object.secretName() + ": " + ex.getMessage());
			return false;
		}
		boolean written = this.writer.hasWritten(subject);
		try {
			SecretWriter.Outcome outcome = this.writer.write(desired, owners);
			if (outcome != SecretWriter.Outcome.NOTHING) {
				logger.debug("Secret sync: {} {} for pod {}", outcome.name().toLowerCase(), desired, volume.pod());
			}
			if (outcome == SecretWriter.Outcome.UPDATED) {
				this.events.rotated(volume, object.secretName());
			}
			this.failures.succeeded(subject);
			return true;
		}
		catch (ApiException ex) {
			if (ex.getCode() == FORBIDDEN) {
				this.failures.forbidden(subject);
			}
			else {
				this.failures.failed(subject,
						"failed to write Secret " + subject + " for pod " + volume.pod() + ": " + describe(ex));
			}
			if (written) {
				// a Secret this driver keeps up to date, as the Go rotation reconciler
				// words it
				this.events.rotationFailed(volume, object.secretName(),
						"failed to patch secret " + object.secretName() + " with new data, err: " + describe(ex));
			}
			else {
				this.events.failedToCreate(volume,
						"failed to create Kubernetes secret " + object.secretName() + ": " + describe(ex));
			}
			return false;
		}
	}

	private static String describe(ApiException ex) {
		// a Status body says why; the request body, which holds the data, is never part
		// of it
		String body = (ex.getResponseBody() != null) ? ex.getResponseBody().strip() : "";
		String detail = body.isEmpty() ? String.valueOf(ex.getMessage()) : body;
		if (detail.length() > MAX_DETAIL) {
			detail = detail.substring(0, MAX_DETAIL) + "...";
		}
		return (ex.getCode() > 0) ? "HTTP " + ex.getCode() + ": " + detail : detail;
	}

	@Override
	public void volumeRemoved(MountedVolume volume) {
		this.synced.remove(volume.volumeId());
	}

	/**
	 * What a volume last synced in full.
	 */
	private record Synced(String namespace, List<SecretObject> objects) {

		boolean includes(String secretNamespace, String secretName) {
			return this.namespace.equals(secretNamespace)
					&& this.objects.stream().anyMatch((object) -> secretName.equals(object.secretName()));
		}

	}

}
