package dev.secretsstore.driver.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.kubernetes.SecretProviderClasses;
import dev.secretsstore.driver.kubernetes.model.SecretProviderClass;
import dev.secretsstore.driver.mount.AtomicWriter;
import dev.secretsstore.driver.mount.MountNotPermittedException;
import dev.secretsstore.driver.mount.Mounter;
import dev.secretsstore.driver.mount.TargetPath;
import dev.secretsstore.driver.mount.VolumeFolder;
import dev.secretsstore.driver.provider.ProviderLookupException;
import dev.secretsstore.driver.provider.ProviderRegistry;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.SecretProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.secretsstore.driver.volume.VolumeException.Kind.FAILED_PRECONDITION;
import static dev.secretsstore.driver.volume.VolumeException.Kind.INTERNAL;
import static dev.secretsstore.driver.volume.VolumeException.Kind.INVALID_ARGUMENT;
import static dev.secretsstore.driver.volume.VolumeException.Kind.NOT_FOUND;
import static dev.secretsstore.driver.volume.VolumeException.Kind.PERMISSION_DENIED;

/**
 * Publishes and unpublishes volumes: the flow kubelet drives through NodePublishVolume and NodeUnpublishVolume.
 * A first publish mounts tmpfs before the provider call and, on any failure, unmounts and removes what it made,
 * so nothing is left half-written. Every operation on one target path holds that path's lock.
 */
public class VolumePublisher {

	private static final Logger logger = LoggerFactory.getLogger(VolumePublisher.class);

	private final Path kubeletRoot;

	private final SecretProviderClasses secretProviderClasses;

	private final ProviderRegistry providers;

	private final Mounter mounter;

	private final MountedVolumes volumes;

	private final VolumeLocks locks;

	public VolumePublisher(Path kubeletRoot, SecretProviderClasses secretProviderClasses, ProviderRegistry providers,
			Mounter mounter, MountedVolumes volumes, VolumeLocks locks) {
		this.kubeletRoot = kubeletRoot;
		this.secretProviderClasses = secretProviderClasses;
		this.providers = providers;
		this.mounter = mounter;
		this.volumes = volumes;
		this.locks = locks;
	}

	/**
	 * Makes the volume's secrets appear at its target path; a no-op when it is mounted already.
	 * @return the volume as mounted
	 * @throws VolumeException naming what is wrong; nothing of a first mount is left behind
	 */
	public MountedVolume publish(PublishRequest request) {
		VolumeContext context = VolumeContext.of(request.volumeContext());
		Path target = targetPath(request.targetPath());
		if (!TargetPath.parse(this.kubeletRoot, request.targetPath()).podUid().equals(context.podUid())) {
			throw new VolumeException(INVALID_ARGUMENT, ErrorTypes.UNEXPECTED_TARGET_PATH, "target path " + target
					+ " does not belong to pod " + context.podNamespace() + "/" + context.podName() + " (uid "
					+ context.podUid() + ")");
		}
		try (VolumeLocks.Held held = this.locks.lock(target)) {
			MountedVolume existing = this.volumes.get(target).orElse(null);
			if (existing != null && isMounted(target)) {
				logger.debug("Volume {} is already mounted at {}", request.volumeId(), target);
				return existing;
			}
			SecretProviderClass spc = secretProviderClass(context);
			SecretProvider provider = provider(spc);
			boolean createdFolder = !Files.exists(target);
			mount(target);
			try {
				MountResponse response = callProvider(provider, spc, request, target, List.of());
				write(target, response);
				MountedVolume volume = new MountedVolume(request.volumeId(), target,
						new PodRef(context.podNamespace(), context.podName(), context.podUid()),
						context.secretProviderClass(), provider.name(), request.volumeContext(),
						response.objectVersions());
				record(volume);
				logger.info("Mounted {} object(s) of SecretProviderClass {}/{} for pod {} at {}",
						response.objectVersions().size(), context.podNamespace(), context.secretProviderClass(),
						volume.pod(), target);
				return volume;
			}
			catch (RuntimeException ex) {
				undoMount(target, createdFolder);
				throw ex;
			}
		}
	}

	/**
	 * Removes the volume at {@code targetPath}: its files, its tmpfs, its folder and its record. Idempotent.
	 */
	public void unpublish(String volumeId, String targetPath) {
		Path target = targetPath(targetPath);
		try (VolumeLocks.Held held = this.locks.lock(target)) {
			if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
				VolumeFolder.clear(target);
				this.mounter.unmount(target);
				Files.deleteIfExists(target);
			}
			this.volumes.remove(target);
			logger.info("Unmounted volume {} from {}", volumeId, target);
		}
		catch (IOException ex) {
			throw new VolumeException(INTERNAL, ErrorTypes.FAILED_TO_MOUNT,
					"failed to clean and unmount target path " + target + ": " + ex.getMessage(), ex);
		}
	}

	private Path targetPath(String raw) {
		try {
			return TargetPath.parse(this.kubeletRoot, raw).path();
		}
		catch (IllegalArgumentException ex) {
			throw new VolumeException(INVALID_ARGUMENT, ErrorTypes.UNEXPECTED_TARGET_PATH, ex.getMessage());
		}
	}

	private SecretProviderClass secretProviderClass(VolumeContext context) {
		String name = context.podNamespace() + "/" + context.secretProviderClass();
		SecretProviderClass spc = this.secretProviderClasses
			.find(context.podNamespace(), context.secretProviderClass())
			.orElseThrow(() -> new VolumeException(NOT_FOUND, ErrorTypes.SECRET_PROVIDER_CLASS_NOT_FOUND,
					"failed to get secretproviderclass " + name + ", error: not found"));
		if (spc.spec().provider().isEmpty()) {
			throw new VolumeException(INVALID_ARGUMENT, ErrorTypes.INVALID_VOLUME, "provider not set in " + name);
		}
		if (spc.spec().parameters().isEmpty()) {
			throw new VolumeException(INVALID_ARGUMENT, ErrorTypes.INVALID_VOLUME, "parameters not set in " + name);
		}
		return spc;
	}

	private SecretProvider provider(SecretProviderClass spc) {
		try {
			return this.providers.get(spc.spec().provider());
		}
		catch (ProviderLookupException ex) {
			VolumeException.Kind kind = ex.isInvalidName() ? INVALID_ARGUMENT : FAILED_PRECONDITION;
			throw new VolumeException(kind, ErrorTypes.FAILED_TO_LOOKUP_PROVIDER_GRPC_CLIENT, ex.getMessage()
					+ " (secretproviderclass " + spc.metadata().namespace() + "/" + spc.metadata().name() + ")");
		}
	}

	private MountResponse callProvider(SecretProvider provider, SecretProviderClass spc, PublishRequest request,
			Path target, List<ObjectVersion> current) {
		Map<String, String> attributes = new HashMap<>(spc.spec().parameters());
		attributes.putAll(request.volumeContext());
		String tokens = request.secrets().getOrDefault(MountRequest.SERVICE_ACCOUNT_TOKENS,
				request.volumeContext().getOrDefault(MountRequest.SERVICE_ACCOUNT_TOKENS, ""));
		if (!tokens.isEmpty()) {
			attributes.put(MountRequest.SERVICE_ACCOUNT_TOKENS, tokens);
		}
		MountRequest mountRequest = new MountRequest(attributes, request.secrets(), target.toString(),
				MountRequest.DEFAULT_PERMISSION, current);
		try {
			return provider.mount(mountRequest);
		}
		catch (ProviderException ex) {
			throw providerFailure(provider, spc, ex);
		}
	}

	private static VolumeException providerFailure(SecretProvider provider, SecretProviderClass spc,
			ProviderException ex) {
		VolumeException.Kind kind = switch (ex.reason()) {
			case INVALID_PARAMETERS -> INVALID_ARGUMENT;
			case NOT_FOUND -> NOT_FOUND;
			case PERMISSION_DENIED -> PERMISSION_DENIED;
			case UNAVAILABLE -> FAILED_PRECONDITION;
			case FAILED -> INTERNAL;
		};
		String errorType = ex.errorCode().isEmpty() ? ErrorTypes.PROVIDER_ERROR : ex.errorCode();
		return new VolumeException(kind, errorType, "provider " + provider.name() + " failed for secretproviderclass "
				+ spc.metadata().namespace() + "/" + spc.metadata().name() + ": " + ex.getMessage(), ex);
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

	private void mount(Path target) {
		try {
			if (!this.mounter.isMounted(target)) {
				this.mounter.mount(target);
			}
		}
		catch (MountNotPermittedException ex) {
			throw new VolumeException(INTERNAL, ErrorTypes.FAILED_TO_MOUNT, ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new VolumeException(INTERNAL, ErrorTypes.FAILED_TO_MOUNT,
					"failed to mount tmpfs at " + target + ": " + ex.getMessage(), ex);
		}
	}

	private static void write(Path target, MountResponse response) {
		if (response.files().isEmpty()) {
			return; // a legacy plugin wrote the files into the target path itself
		}
		try {
			new AtomicWriter(target).write(response.files());
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new VolumeException(INTERNAL, ErrorTypes.FILE_WRITE_ERROR,
					"failed to write the files of the volume at " + target + ": " + ex.getMessage(), ex);
		}
	}

	private void record(MountedVolume volume) {
		try {
			this.volumes.put(volume);
		}
		catch (IOException ex) {
			throw new VolumeException(INTERNAL, ErrorTypes.FAILED_TO_RECORD_STATUS,
					"failed to record the mount of pod " + volume.pod() + ": " + ex.getMessage(), ex);
		}
	}

	private void undoMount(Path target, boolean createdFolder) {
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

}
