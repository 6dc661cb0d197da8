package dev.secretsstore.provider.aws.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.SecretFile;

/**
 * Turns one map of the {@code objects} list into an {@link AwsObject}, applying the Go
 * provider's rules in its order.
 */
final class ObjectParser {

	/** The error code of every parameter failure. */
	static final String INVALID_PARAMETERS = "InvalidParameters";

	private static final Pattern BAD_PATH = Pattern.compile("(/\\.\\./)|(^\\.\\./)|(/\\.\\.$)");

	private static final Pattern FILE_PERMISSION = Pattern.compile("^[0-7]{4}$");

	private final List<String> regions;

	private final String translation;

	/**
	 * @param regions the primary region, then the failover region if any
	 * @param translation what replaces '/' in file names, or {@code null} to keep it
	 * (leading slashes are dropped)
	 */
	ObjectParser(List<String> regions, String translation) {
		this.regions = regions;
		this.translation = translation;
	}

	AwsObject parse(Map<String, Object> map, String where) throws ProviderException {
		String name = ObjectsYaml.string(map, "objectName", where);
		if (name.isEmpty()) {
			throw invalid(where + ": Object name must be specified (objectName)");
		}
		where = where + " (" + name + ")";
		String typeValue = ObjectsYaml.string(map, "objectType", where);
		ObjectType type = ObjectNames.check(name, typeValue, this.regions.get(0), where);
		String alias = ObjectsYaml.string(map, "objectAlias", where);
		String version = ObjectsYaml.string(map, "objectVersion", where);
		String label = ObjectsYaml.string(map, "objectVersionLabel", where);
		if (type == ObjectType.SSM_PARAMETER && !version.isEmpty() && !label.isEmpty()) {
			throw invalid(where + ": ssm parameters can not specify both objectVersion and objectVersionLabel");
		}
		String fileName = fileName(alias.isEmpty() ? name : alias);
		if (BAD_PATH.matcher(fileName).find()) {
			throw invalid(where + ": path can not contain ../ (objectAlias or objectName)");
		}
		checkFileName(fileName, where);
		Integer mode = filePermission(ObjectsYaml.string(map, "filePermission", where), where + ".filePermission");
		List<JmesPathEntry> jmesPath = jmesPath(map.get("jmesPath"), where + ".jmesPath");
		FailoverObject failover = failover(map.get("failoverObject"), where + ".failoverObject", typeValue, type, alias,
				version);
		return new AwsObject(name, type, alias, version, label, mode, jmesPath, failover, fileName);
	}

	private List<JmesPathEntry> jmesPath(Object value, String where) throws ProviderException {
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> items)) {
			throw invalid(where + " must be a list of {path, objectAlias, filePermission}");
		}
		List<JmesPathEntry> entries = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			String at = where + "[" + i + "]";
			Map<String, Object> item = ObjectsYaml.map(items.get(i), at);
			String path = ObjectsYaml.string(item, "path", at);
			String alias = ObjectsYaml.string(item, "objectAlias", at);
			if (path.isEmpty()) {
				throw invalid(at + ": Path must be specified for JMES object (path)");
			}
			if (alias.isEmpty()) {
				throw invalid(at + ": Object alias must be specified for JMES object (objectAlias)");
			}
			Integer mode = filePermission(ObjectsYaml.string(item, "filePermission", at), at + ".filePermission");
			try {
				JsonExtractor.check(path);
			}
			catch (IllegalArgumentException ex) {
				throw invalid(at + ".path: Invalid JMES Path: " + path);
			}
			String fileName = fileName(alias);
			checkFileName(fileName, at);
			entries.add(new JmesPathEntry(path, alias, mode, fileName));
		}
		return entries;
	}

	private FailoverObject failover(Object value, String where, String typeValue, ObjectType type, String alias,
			String version) throws ProviderException {
		if (value == null) {
			return FailoverObject.NONE;
		}
		Map<String, Object> map = ObjectsYaml.map(value, where);
		FailoverObject failover = new FailoverObject(ObjectsYaml.string(map, "objectName", where),
				ObjectsYaml.string(map, "objectVersion", where), ObjectsYaml.string(map, "objectVersionLabel", where));
		if (failover.objectName().isEmpty()) {
			return failover;
		}
		if (alias.isEmpty()) {
			throw invalid(where + ": object alias must be specified for objects with failover entries (objectAlias)");
		}
		if (this.regions.size() < 2) {
			throw invalid(where + ": failover object allowed only when failover region is defined (failoverRegion)");
		}
		ObjectNames.checkFailover(failover.objectName(), typeValue, type, this.regions.get(1), where);
		if (type == ObjectType.SSM_PARAMETER && !failover.objectVersion().isEmpty()
				&& !failover.objectVersionLabel().isEmpty()) {
			throw invalid(where + ": ssm parameters can not specify both objectVersion and objectVersionLabel");
		}
		if (!failover.objectVersion().equals(version)) {
			throw invalid(where + ": object versions must match between primary and failover regions (objectVersion)");
		}
		return failover;
	}

	private String fileName(String name) {
		return (this.translation != null) ? name.replace("/", this.translation) : name.replaceFirst("^/+", "");
	}

	private static void checkFileName(String fileName, String where) throws ProviderException {
		try {
			SecretFile.checkPath(fileName);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(where + ": " + ex.getMessage());
		}
	}

	/**
	 * Exactly four octal digits, as the Go provider requires; we also refuse special bits
	 * and 0000, which the driver's file contract cannot express (0 means "use the
	 * default").
	 */
	static Integer filePermission(String value, String where) throws ProviderException {
		if (value.isEmpty()) {
			return null;
		}
		if (!FILE_PERMISSION.matcher(value).matches()) {
			throw invalid(where + ": Invalid File Permission: " + value + " (must be 4 octal digits such as 0644)");
		}
		int mode = Integer.parseInt(value, 8);
		if (mode == 0 || mode > 0777) {
			throw invalid(where + ": file permission " + value + " is not supported: use 0001 to 0777");
		}
		return mode;
	}

	static ProviderException invalid(String message) {
		return new ProviderException(Reason.INVALID_PARAMETERS, INVALID_PARAMETERS, message);
	}

}
