package dev.secretsstore.provider;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a provider returns for one volume: the whole content of the volume and one version per object.
 *
 * @param objectVersions at least one, with unique ids
 * @param files the files of the volume, with unique paths; empty only for a legacy remote plugin that wrote the
 * files into the target folder itself
 */
public record MountResponse(List<ObjectVersion> objectVersions, List<SecretFile> files) {

	public MountResponse {
		objectVersions = List.copyOf(Objects.requireNonNull(objectVersions, "objectVersions"));
		files = List.copyOf(Objects.requireNonNull(files, "files"));
		if (objectVersions.isEmpty()) {
			throw new IllegalArgumentException("missing object versions: a provider must return at least one");
		}
		requireUnique(objectVersions.stream().map(ObjectVersion::id).toList(), "object version id");
		requireUnique(files.stream().map(SecretFile::path).toList(), "file path");
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
	 * Names the files and versions, never the contents.
	 */
	@Override
	public String toString() {
		return "MountResponse[objectVersions=" + objectVersions + ", files="
				+ files.stream().map(SecretFile::path).toList() + "]";
	}

}
