package dev.secretsstore.provider;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a provider returns for one volume: the whole content of the volume and one version
 * per object.
 *
 * @param objectVersions at least one, with unique ids
 * @param files the files of the volume, with unique paths; empty only for a legacy remote
 * plugin that wrote the files into the target folder itself
 * @param perPod whether this answer belongs to the pod that asked and no other, such as a
 * dynamic database credential the store issued for this request: the driver then never
 * hands it to another pod, even when the provider
 * {@linkplain SecretProvider#sharesResponsesAcrossPods() shares answers across pods},
 * because two replicas must not end up with one credential (and one lease) between them
 * @param leaseExpiries when the lease of each leased object ends, by object version id,
 * for operators to see; objects without a lease are absent. Times only, never contents
 */
public record MountResponse(List<ObjectVersion> objectVersions, List<SecretFile> files, boolean perPod,
		Map<String, Instant> leaseExpiries) {

	public MountResponse {
		objectVersions = List.copyOf(Objects.requireNonNull(objectVersions, "objectVersions"));
		files = List.copyOf(Objects.requireNonNull(files, "files"));
		leaseExpiries = Map.copyOf(Objects.requireNonNull(leaseExpiries, "leaseExpiries"));
		if (objectVersions.isEmpty()) {
			throw new IllegalArgumentException("missing object versions: a provider must return at least one");
		}
		requireUnique(objectVersions.stream().map(ObjectVersion::id).toList(), "object version id");
		requireUnique(files.stream().map(SecretFile::path).toList(), "file path");
		Set<String> ids = new HashSet<>(objectVersions.stream().map(ObjectVersion::id).toList());
		for (String id : leaseExpiries.keySet()) {
			if (!ids.contains(id)) {
				throw new IllegalArgumentException("lease expiry of '" + id + "', which is no object version id");
			}
		}
	}

	/**
	 * An answer that any pod asking the same may share, with no leases: what most stores
	 * return.
	 */
	public MountResponse(List<ObjectVersion> objectVersions, List<SecretFile> files) {
		this(objectVersions, files, false, Map.of());
	}

	private static void requireUnique(List<String> values, String what) {
		Set<String> seen = new HashSet<>();
		for (String value : values) {
			if (!seen.add(value)) {
				throw new IllegalArgumentException("duplicate " + what + " '" + value + "'");
			}
		}
	}

	/**
	 * Names the files, versions and lease expiries, never the contents.
	 */
	@Override
	public String toString() {
		return "MountResponse[objectVersions=" + this.objectVersions + ", files="
				+ this.files.stream().map(SecretFile::path).toList() + (this.perPod ? ", perPod" : "")
				+ (this.leaseExpiries.isEmpty() ? "" : ", leaseExpiries=" + new TreeMap<>(this.leaseExpiries)) + "]";
	}

}
