package dev.secretsstore.driver.volume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.secretsstore.provider.ObjectVersion;

/**
 * How one object's version changed in a refresh: added ({@code oldVersion} null), removed
 * ({@code newVersion} null), or replaced.
 *
 * @param id the object's id
 * @param oldVersion the version mounted before, or null
 * @param newVersion the version mounted now, or null
 */
public record VersionChange(String id, String oldVersion, String newVersion) {

	/**
	 * The changes between two sets of versions, by id; empty when they are the same
	 * (surrounding blanks ignored, as the Go driver compares them).
	 */
	public static List<VersionChange> between(List<ObjectVersion> before, List<ObjectVersion> after) {
		Map<String, String> old = toMap(before);
		Map<String, String> now = toMap(after);
		List<VersionChange> changes = new ArrayList<>();
		TreeSet<String> ids = new TreeSet<>(old.keySet());
		ids.addAll(now.keySet());
		for (String id : ids) {
			if (!Objects.equals(old.get(id), now.get(id))) {
				changes.add(new VersionChange(id, old.get(id), now.get(id)));
			}
		}
		return changes;
	}

	private static Map<String, String> toMap(List<ObjectVersion> versions) {
		Map<String, String> map = new TreeMap<>();
		versions.forEach((version) -> map.put(version.id().strip(), version.version().strip()));
		return map;
	}

	@Override
	public String toString() {
		return this.id + ": " + this.oldVersion + " -> " + this.newVersion;
	}

}
