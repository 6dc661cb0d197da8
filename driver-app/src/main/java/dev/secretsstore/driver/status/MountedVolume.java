package dev.secretsstore.driver.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.secretsstore.driver.mount.FileGroup;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ObjectVersion;

/**
 * One volume the driver has mounted: what kubelet asked for and which object versions are
 * there now.
 *
 * @param volumeId kubelet's volume id
 * @param targetPath the mount folder
 * @param pod the pod the volume belongs to
 * @param secretProviderClass the SecretProviderClass name, in the pod's namespace
 * @param provider the provider name
 * @param volumeContext kubelet's volume context, without service-account tokens (they
 * expire and must not be stored)
 * @param objectVersions the mounted objects' versions, sorted by id
 * @param fileGroup the group the volume's files belong to (the pod's fsGroup, when
 * kubelet passed it), kept so that every rotation, after a restart too, writes its files
 * with it
 * @param leaseExpiries when the lease of each leased object ends, by object id, as the
 * provider last said (a Vault dynamic credential); kept in memory only, for Actuator: the
 * status stores record none, and after a restart the next refresh tells them again
 */
public record MountedVolume(String volumeId, Path targetPath, PodRef pod, String secretProviderClass, String provider,
		Map<String, String> volumeContext, List<ObjectVersion> objectVersions, FileGroup fileGroup,
		Map<String, Instant> leaseExpiries) {

	public MountedVolume {
		Objects.requireNonNull(volumeId, "volumeId");
		Objects.requireNonNull(fileGroup, "fileGroup");
		Objects.requireNonNull(targetPath, "targetPath");
		Objects.requireNonNull(pod, "pod");
		Objects.requireNonNull(secretProviderClass, "secretProviderClass");
		Objects.requireNonNull(provider, "provider");
		Map<String, String> context = new HashMap<>(Objects.requireNonNull(volumeContext, "volumeContext"));
		context.remove(MountRequest.SERVICE_ACCOUNT_TOKENS);
		volumeContext = Map.copyOf(context);
		objectVersions = objectVersions.stream().sorted(Comparator.comparing(ObjectVersion::id)).toList();
		leaseExpiries = Collections
			.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(leaseExpiries, "leaseExpiries")));
	}

	/**
	 * A volume with no leases known, as the status stores restore it.
	 */
	public MountedVolume(String volumeId, Path targetPath, PodRef pod, String secretProviderClass, String provider,
			Map<String, String> volumeContext, List<ObjectVersion> objectVersions, FileGroup fileGroup) {
		this(volumeId, targetPath, pod, secretProviderClass, provider, volumeContext, objectVersions, fileGroup,
				Map.of());
	}

	/**
	 * A volume whose files keep the driver's group.
	 */
	public MountedVolume(String volumeId, Path targetPath, PodRef pod, String secretProviderClass, String provider,
			Map<String, String> volumeContext, List<ObjectVersion> objectVersions) {
		this(volumeId, targetPath, pod, secretProviderClass, provider, volumeContext, objectVersions, FileGroup.NONE);
	}

	/**
	 * The name of this volume's SecretProviderClassPodStatus:
	 * {@code <pod>-<namespace>-<spc>}.
	 */
	public String statusName() {
		return this.pod.name() + "-" + this.pod.namespace() + "-" + this.secretProviderClass;
	}

	/**
	 * The name of this volume's own record: {@code volume-} and the first 32 hex digits
	 * of the SHA-256 of its target path, which is what tells volumes apart, as kubelet
	 * keys them (two volumes of one pod that use one class share {@link #statusName()}).
	 * A valid file name and annotation name, whatever the path holds.
	 */
	public String key() {
		return keyOf(this.targetPath);
	}

	/**
	 * The {@link #key()} of the volume at {@code targetPath}.
	 */
	public static String keyOf(Path targetPath) {
		try {
			byte[] sha256 = MessageDigest.getInstance("SHA-256")
				.digest(targetPath.toString().getBytes(StandardCharsets.UTF_8));
			return "volume-" + HexFormat.of().formatHex(sha256, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

	/**
	 * This volume as served by {@code provider} with {@code versions}.
	 */
	public MountedVolume withProviderAndVersions(String provider, List<ObjectVersion> versions) {
		return new MountedVolume(this.volumeId, this.targetPath, this.pod, this.secretProviderClass, provider,
				this.volumeContext, versions, this.fileGroup, this.leaseExpiries);
	}

	/**
	 * This volume with its files in {@code group}.
	 */
	public MountedVolume withFileGroup(FileGroup group) {
		return new MountedVolume(this.volumeId, this.targetPath, this.pod, this.secretProviderClass, this.provider,
				this.volumeContext, this.objectVersions, group, this.leaseExpiries);
	}

	/**
	 * This volume with the lease expiries its provider gave last.
	 */
	public MountedVolume withLeaseExpiries(Map<String, Instant> expiries) {
		return new MountedVolume(this.volumeId, this.targetPath, this.pod, this.secretProviderClass, this.provider,
				this.volumeContext, this.objectVersions, this.fileGroup, expiries);
	}

	/**
	 * The pod a volume belongs to.
	 *
	 * @param namespace the pod's namespace
	 * @param name the pod's name
	 * @param uid the pod's UID
	 */
	public record PodRef(String namespace, String name, String uid) {

		@Override
		public String toString() {
			return this.namespace + "/" + this.name;
		}

	}

}
