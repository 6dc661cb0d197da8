package dev.secretsstore.driver.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.logging.Untrusted;
import dev.secretsstore.driver.mount.ConfinedPath;
import dev.secretsstore.driver.mount.Mounter;
import dev.secretsstore.driver.mount.TargetPath;
import dev.secretsstore.driver.mount.VolumeFolder;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.SecretProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.secretsstore.driver.volume.VolumeException.Kind.INTERNAL;
import static dev.secretsstore.driver.volume.VolumeException.Kind.INVALID_ARGUMENT;

/**
 * Publishes and unpublishes volumes: the flow kubelet drives through NodePublishVolume
 * and NodeUnpublishVolume. A first publish mounts tmpfs before the provider call and, on
 * any failure, unmounts and removes what it made, so nothing is left half-written. Every
 * operation on one target path holds that path's lock, and right before it mounts,
 * writes, clears or removes anything checks that no folder of the path is a link out of
 * the kubelet root ({@link ConfinedPath}).
 */
public class VolumePublisher {

	private static final Logger logger = LoggerFactory.getLogger(VolumePublisher.class);

	private final Path kubeletRoot;

	private final VolumeContents contents;

	private final Mounter mounter;

	private final MountedVolumes volumes;

	private final VolumeLocks locks;

	private final KubeletCredentials credentials;

	private final ContentListeners listeners;

	VolumePublisher(Path kubeletRoot, VolumeContents contents, Mounter mounter, MountedVolumes volumes,
			VolumeLocks locks, KubeletCredentials credentials, ContentListeners listeners) {
		this.kubeletRoot = kubeletRoot;
		this.contents = contents;
		this.mounter = mounter;
		this.volumes = volumes;
		this.locks = locks;
		this.credentials = credentials;
		this.listeners = listeners;
	}

	/**
	 * Makes the volume's secrets appear at its target path. For a volume mounted already
	 * it only takes note of kubelet's latest credentials: whether to refresh it then is
	 * rotation's decision.
	 * @throws VolumeException naming what is wrong; nothing of a first mount is left
	 * behind
	 */
	public PublishOutcome publish(PublishRequest request) {
		VolumeContext context = VolumeContext.of(request.volumeContext());
		TargetPath targetPath = targetPath(request.targetPath());
		Path target = targetPath.path();
		if (!targetPath.podUid().equals(context.podUid())) {
			throw new VolumeException(INVALID_ARGUMENT, ErrorTypes.UNEXPECTED_TARGET_PATH,
					"target path " + target + " does not belong to pod " + context.podNamespace() + "/"
							+ context.podName() + " (uid " + Untrusted.bound(context.podUid()) + ")");
		}
		try (VolumeLocks.Held held = this.locks.lock(target)) {
			confine(target);
			MountedVolume existing = this.volumes.get(target).orElse(null);
			boolean wasMounted = isMounted(target);
			if (existing != null && wasMounted) {
				this.credentials.remember(target, request);
				return new PublishOutcome(withFileGroup(withVolumeContext(existing, request), request), true);
			}
			SecretProviderClass spc = this.contents.secretProviderClass(context.podNamespace(),
					context.secretProviderClass());
			try {
				return mountNew(request, context, target, spc, wasMounted);
			}
			catch (VolumeException ex) {
				throw ex.forProvider(spc.spec().provider());
			}
		}
	}

	private PublishOutcome mountNew(PublishRequest request, VolumeContext context, Path target, SecretProviderClass spc,
			boolean wasMounted) {
		SecretProvider provider = this.contents.provider(spc);
		boolean createdFolder = !Files.exists(target);
		mount(target);
		try {
			this.credentials.remember(target, request);
			MountRequest asked = this.contents.request(spc, request.volumeContext(), this.credentials.get(target),
					target, List.of());
			MountResponse response = this.contents.fetch(provider, spc, asked);
			this.contents.write(target, response, request.fileGroup());
			MountedVolume volume = new MountedVolume(request.volumeId(), target,
					new PodRef(context.podNamespace(), context.podName(), context.podUid()),
					context.secretProviderClass(), provider.name(), request.volumeContext(), response.objectVersions(),
					request.fileGroup(), response.leaseExpiries());
			this.volumes.record(volume);
			this.listeners.contentFetched(volume, spc, true);
			logger.info("Mounted {} object(s) of SecretProviderClass {}/{} for pod {} at {}",
					response.objectVersions().size(), context.podNamespace(), context.secretProviderClass(),
					volume.pod(), target);
			return new PublishOutcome(volume, false);
		}
		catch (RuntimeException ex) {
			this.credentials.forget(target);
			if (!wasMounted) {
				undoMount(target, createdFolder);
			}
			// else a mount this driver has no record of (lost state): what the pod sees
			// now stays
			throw ex;
		}
	}

	/**
	 * A volume restored from a pod status without a volume context (written by the Go
	 * driver, which keeps none) takes kubelet's, so that rotation can ask the provider as
	 * the pod would.
	 */
	private MountedVolume withVolumeContext(MountedVolume existing, PublishRequest request) {
		if (!existing.volumeContext().isEmpty()) {
			return existing;
		}
		MountedVolume completed = new MountedVolume(existing.volumeId(), existing.targetPath(), existing.pod(),
				existing.secretProviderClass(), existing.provider(), request.volumeContext(), existing.objectVersions(),
				existing.fileGroup(), existing.leaseExpiries());
		this.volumes.record(completed);
		logger.info("Volume of pod {} at {} takes its volume context from kubelet's republish", existing.pod(),
				existing.targetPath());
		return completed;
	}

	/**
	 * A volume recorded with another group than kubelet's republish names takes
	 * kubelet's: it was mounted before the driver advertised {@code VOLUME_MOUNT_GROUP}
	 * (or by the Go driver). Its files get the group at its next refresh, which writes
	 * them again because their group differs.
	 */
	private MountedVolume withFileGroup(MountedVolume existing, PublishRequest request) {
		if (!request.fileGroup().isSet() || existing.fileGroup().equals(request.fileGroup())) {
			return existing;
		}
		MountedVolume regrouped = existing.withFileGroup(request.fileGroup());
		this.volumes.record(regrouped);
		logger.info("Volume of pod {} at {} takes {} from kubelet's republish; its files get it at their next refresh",
				existing.pod(), existing.targetPath(), request.fileGroup());
		return regrouped;
	}

	/**
	 * Removes the volume at {@code targetPath}: its files, its tmpfs, its folder and its
	 * record. Idempotent.
	 */
	public void unpublish(String volumeId, String targetPath) {
		Path target = targetPath(targetPath).path();
		try (VolumeLocks.Held held = this.locks.lock(target)) {
			confine(target);
			if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
				VolumeFolder.clear(target);
				this.mounter.unmount(target);
				Files.deleteIfExists(target);
			}
			this.volumes.remove(target).ifPresent(this.listeners::volumeRemoved);
			this.credentials.forget(target);
			logger.info("Unmounted volume {} from {}", Untrusted.bound(volumeId), target);
		}
		catch (IOException ex) {
			throw new VolumeException(INTERNAL, ErrorTypes.FAILED_TO_MOUNT,
					"failed to clean and unmount target path " + target + ": " + ex.getMessage(), ex);
		}
	}

	private TargetPath targetPath(String raw) {
		try {
			return TargetPath.parse(this.kubeletRoot, raw);
		}
		catch (IllegalArgumentException ex) {
			throw new VolumeException(INVALID_ARGUMENT, ErrorTypes.UNEXPECTED_TARGET_PATH, ex.getMessage());
		}
	}

	private void confine(Path target) {
		VolumeContents.confine(this.kubeletRoot, target, ErrorTypes.FAILED_TO_ENSURE_MOUNT_POINT);
	}

	private boolean isMounted(Path target) {
		try {
			return this.mounter.isMounted(target);
		}
		catch (IOException ex) {
			throw new VolumeException(INTERNAL, ErrorTypes.FAILED_TO_ENSURE_MOUNT_POINT,
					"cannot tell whether " + target + " is mounted: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Creates the target folder, checks its folders again (a link could have been planted
	 * before one was created), and mounts.
	 */
	private void mount(Path target) {
		try {
			VolumeFolder.create(target);
			confine(target);
			if (!this.mounter.isMounted(target)) {
				this.mounter.mount(target);
			}
		}
		catch (IOException ex) {
			throw new VolumeException(INTERNAL, ErrorTypes.FAILED_TO_MOUNT,
					"failed to mount tmpfs at " + target + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Clears, unmounts and (when this publish created it) removes the target folder,
	 * unless a folder of its path was swapped for a link meanwhile: then it is left
	 * alone, and the publish's own failure is what kubelet hears.
	 */
	private void undoMount(Path target, boolean createdFolder) {
		try {
			ConfinedPath.check(this.kubeletRoot, target);
		}
		catch (IllegalArgumentException | IOException ex) {
			logger.warn("Left the failed mount at {} alone: {}", target, ex.getMessage());
			return;
		}
		try {
			VolumeFolder.clear(target);
			this.mounter.unmount(target);
			if (createdFolder) {
				Files.deleteIfExists(target);
			}
		}
		catch (IOException ex) {
			logger.warn("Could not undo the failed mount at {}: {}", target, ex.getMessage());
		}
	}

	/**
	 * The outcome of a publish.
	 *
	 * @param volume the volume as mounted
	 * @param alreadyMounted whether it was mounted before this call (a republish)
	 */
	public record PublishOutcome(MountedVolume volume, boolean alreadyMounted) {
	}

}
