package dev.secretsstore.driver.webhook;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.secretsstore.driver.model.SecretProviderClasses;
import dev.secretsstore.driver.rotation.RotationService;
import dev.secretsstore.driver.rotation.RotationTrigger;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.StoreChange;

/**
 * Turns store changes into rotations: every mounted volume whose SecretProviderClass
 * reads a changed object (as its provider judges, {@link SecretProvider#reads}) is queued
 * for rotation at once, within its store's request budget; the answer does not wait for
 * them.
 */
final class StoreChangeRotations {

	private final RotationService rotation;

	private final SecretProviderClasses secretProviderClasses;

	private final Map<String, SecretProvider> inProcess;

	/**
	 * @param inProcess the in-process providers by name; a remote plugin's volumes are
	 * matched by {@link StoreChange#appearsIn}
	 */
	StoreChangeRotations(RotationService rotation, SecretProviderClasses secretProviderClasses,
			Map<String, SecretProvider> inProcess) {
		this.rotation = rotation;
		this.secretProviderClasses = secretProviderClasses;
		this.inProcess = Map.copyOf(inProcess);
	}

	/**
	 * Queues the rotations {@code changes} call for.
	 * @return how many volumes were queued
	 */
	int rotate(List<StoreChange> changes) {
		if (changes.isEmpty()) {
			return 0;
		}
		AtomicInteger queued = new AtomicInteger();
		Predicate<MountedVolume> readsAChange = (volume) -> {
			boolean reads = readsAny(volume, changes);
			if (reads) {
				queued.incrementAndGet();
			}
			return reads;
		};
		this.rotation.rotateSoon(readsAChange, RotationTrigger.STORE_CHANGE);
		return queued.get();
	}

	private boolean readsAny(MountedVolume volume, List<StoreChange> changes) {
		List<StoreChange> ofProvider = changes.stream()
			.filter((change) -> change.provider().equals(volume.provider()))
			.toList();
		if (ofProvider.isEmpty()) {
			return false;
		}
		Optional<Map<String, String>> parameters = this.secretProviderClasses
			.findCached(volume.pod().namespace(), volume.secretProviderClass())
			.map((spc) -> spc.spec().parameters());
		if (parameters.isEmpty()) {
			return false;
		}
		SecretProvider provider = this.inProcess.get(volume.provider());
		return ofProvider.stream()
			.anyMatch((change) -> (provider != null) ? reads(provider, parameters.get(), change)
					: change.appearsIn(parameters.get()));
	}

	private static boolean reads(SecretProvider provider, Map<String, String> parameters, StoreChange change) {
		try {
			return provider.reads(parameters, change);
		}
		catch (RuntimeException ex) {
			// a provider's bug costs a rotation, not the notification
			return true;
		}
	}

}
