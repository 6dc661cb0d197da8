package dev.secretsstore.driver.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.secretsstore.driver.logging.Untrusted;
import dev.secretsstore.driver.mount.Mounter;
import dev.secretsstore.driver.status.MountStatusStore;
import dev.secretsstore.driver.status.MountedVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volumes this node has mounted, kept in memory and in the status store. At start it
 * is rebuilt from the store and the mount table: a recorded volume that is still mounted
 * is kept, one that is not is forgotten.
 */
public class MountedVolumes {

	private static final Logger logger = LoggerFactory.getLogger(MountedVolumes.class);

	private final Map<Path, MountedVolume> volumes = new ConcurrentHashMap<>();

	// volumes whose record in the store is older than what is mounted (see
	// recordRefreshed)
	private final Set<Path> unrecorded = ConcurrentHashMap.newKeySet();

	private final MountStatusStore store;

	private final Mounter mounter;

	public MountedVolumes(MountStatusStore store, Mounter mounter) {
		this.store = store;
		this.mounter = mounter;
	}

	/**
	 * Reloads the recorded volumes that are still mounted.
	 */
	public void restore() throws IOException {
		for (MountedVolume volume : this.store.loadAll()) {
			if (this.mounter.isMounted(volume.targetPath())) {
				this.volumes.put(volume.targetPath(), volume);
			}
			else {
				logger.info("Forgetting volume {} of pod {}: {} is no longer mounted",
						Untrusted.bound(volume.volumeId()), volume.pod(), volume.targetPath());
				this.store.delete(volume);
			}
		}
		logger.info("Restored {} mounted volume(s)", this.volumes.size());
	}

	/**
	 * The volume mounted at {@code target}, if any.
	 */
	public Optional<MountedVolume> get(Path target) {
		return Optional.ofNullable(this.volumes.get(target));
	}

	/**
	 * Every mounted volume.
	 */
	public Collection<MountedVolume> all() {
		return List.copyOf(this.volumes.values());
	}

	/**
	 * Records {@code volume} in the store, then in memory.
	 * @throws VolumeException when the store fails
	 */
	void record(MountedVolume volume) {
		try {
			if (this.volumes.containsKey(volume.targetPath())) {
				this.store.update(volume);
			}
			else {
				this.store.save(volume);
			}
		}
		catch (IOException ex) {
			throw new VolumeException(VolumeException.Kind.INTERNAL, ErrorTypes.FAILED_TO_RECORD_STATUS,
					"failed to record the mount of pod " + volume.pod() + ": " + ex.getMessage(), ex);
		}
		this.volumes.put(volume.targetPath(), volume);
	}

	/**
	 * Records a refreshed volume whose files are already swapped: in memory first, since
	 * memory must say what the pod sees (the provider is asked with these versions next,
	 * and Actuator shows them), then in the store. Undoing the swap instead would swap
	 * the pod's files twice for a bookkeeping failure. A store failure (a full state
	 * folder, an API server that refuses) leaves the volume marked, and every refresh
	 * records it again until one succeeds ({@link #needsRecording}); a restart meanwhile
	 * reads the older record, and its first refresh finds and records the newer versions.
	 * @return the store's failure, if it failed
	 */
	public Optional<String> recordRefreshed(MountedVolume volume) {
		this.volumes.put(volume.targetPath(), volume);
		try {
			this.store.update(volume);
			this.unrecorded.remove(volume.targetPath());
			return Optional.empty();
		}
		catch (IOException ex) {
			this.unrecorded.add(volume.targetPath());
			return Optional.of(ex.getMessage());
		}
	}

	/**
	 * Takes note, in memory only, of new lease expiries of a volume whose versions did
	 * not change: the store keeps no leases. Ignored when the volume was removed
	 * meanwhile.
	 */
	public void rememberLeases(MountedVolume volume) {
		this.volumes.computeIfPresent(volume.targetPath(),
				(target, known) -> known.withLeaseExpiries(volume.leaseExpiries()));
	}

	/**
	 * Whether the store holds an older record of the volume at {@code target} than
	 * memory.
	 */
	public boolean needsRecording(Path target) {
		return this.unrecorded.contains(target);
	}

	/**
	 * Forgets the volume at {@code target}, in memory and in the store.
	 * @return the volume that was mounted there, if any
	 */
	Optional<MountedVolume> remove(Path target) throws IOException {
		MountedVolume volume = this.volumes.remove(target);
		this.unrecorded.remove(target);
		if (volume != null) {
			this.store.delete(volume);
		}
		return Optional.ofNullable(volume);
	}

}
