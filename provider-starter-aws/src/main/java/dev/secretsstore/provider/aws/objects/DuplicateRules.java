package dev.secretsstore.provider.aws.objects;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.secretsstore.provider.ProviderException;

/**
 * The Go provider's duplicate rules, fed one object at a time in declaration order (an
 * object name may repeat only when alias or label tell the entries apart; aliases are
 * unique across objects and jmesPath entries), plus one of ours: no two files may get the
 * same name, which the Go provider lets overwrite each other.
 */
final class DuplicateRules {

	private final Map<String, AwsObject> lastByName = new HashMap<>();

	private final Set<String> aliases = new HashSet<>();

	private final Set<String> fileNames = new HashSet<>();

	void add(AwsObject object, String where) throws ProviderException {
		checkName(object, where);
		this.lastByName.put(object.objectName(), object);
		if (this.aliases.contains(object.objectAlias())) {
			throw ObjectParser.invalid(where + ": found duplicate object alias " + object.objectAlias());
		}
		if (!object.objectAlias().isEmpty()) {
			this.aliases.add(object.objectAlias());
		}
		for (JmesPathEntry entry : object.jmesPath()) {
			if (!this.aliases.add(entry.objectAlias())) {
				throw ObjectParser.invalid(where + ": Name already in use for objectAlias: found duplicate object "
						+ "alias " + entry.objectAlias() + " in JMES path entry " + entry.path());
			}
		}
		addFileName(object.fileName(), where);
		for (JmesPathEntry entry : object.jmesPath()) {
			addFileName(entry.fileName(), where);
		}
	}

	private void checkName(AwsObject object, String where) throws ProviderException {
		AwsObject found = this.lastByName.get(object.objectName());
		if (found == null) {
			return;
		}
		String prefix = where + ": found descriptor with duplicate object name " + object.objectName();
		boolean hasAlias = !object.objectAlias().isEmpty();
		boolean foundHasAlias = !found.objectAlias().isEmpty();
		boolean hasLabel = !object.objectVersionLabel().isEmpty();
		boolean foundHasLabel = !found.objectVersionLabel().isEmpty();
		boolean sameAlias = object.objectAlias().equals(found.objectAlias());
		boolean sameLabel = object.objectVersionLabel().equals(found.objectVersionLabel());
		if (hasAlias && foundHasAlias && !hasLabel && !foundHasLabel && sameAlias) {
			throw ObjectParser
				.invalid(prefix + ", duplicate object alias " + object.objectAlias() + ", and no version label");
		}
		if (!hasAlias && !foundHasAlias && hasLabel && foundHasLabel && sameLabel) {
			throw ObjectParser
				.invalid(prefix + ", no object alias, and duplicate version label " + object.objectVersionLabel());
		}
		if (hasAlias && foundHasAlias && hasLabel && foundHasLabel && sameAlias && sameLabel) {
			throw ObjectParser.invalid(prefix + ", duplicate object alias " + object.objectAlias()
					+ ", and duplicate version label " + object.objectVersionLabel());
		}
		if (!hasAlias && !foundHasAlias && !hasLabel && !foundHasLabel) {
			throw ObjectParser.invalid(prefix + ", no object alias, and no version label");
		}
	}

	private void addFileName(String fileName, String where) throws ProviderException {
		for (String other : this.fileNames) {
			if (other.equals(fileName) || other.startsWith(fileName + "/") || fileName.startsWith(other + "/")) {
				throw ObjectParser.invalid(where + ": file name " + fileName + " clashes with file " + other
						+ " of another entry: set a distinct objectAlias");
			}
		}
		this.fileNames.add(fileName);
	}

}
