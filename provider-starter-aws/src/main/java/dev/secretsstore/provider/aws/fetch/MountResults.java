package dev.secretsstore.provider.aws.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.aws.objects.AwsObject;
import dev.secretsstore.provider.aws.objects.AwsParameters;
import dev.secretsstore.provider.aws.objects.JmesPathEntry;
import dev.secretsstore.provider.aws.objects.JsonExtractor;

/**
 * Lays fetched values out as the Go provider does: one file per object named by alias or
 * translated name, one more per jmesPath entry, each versioned by its file name with the
 * object's store version.
 */
final class MountResults {

	private MountResults() {
	}

	/**
	 * @param defaultMode the driver's file mode, for objects that set no
	 * {@code filePermission}
	 */
	static MountResponse response(AwsParameters parameters, Map<AwsObject, FetchedValue> values, int defaultMode)
			throws ProviderException {
		List<SecretFile> files = new ArrayList<>();
		List<ObjectVersion> versions = new ArrayList<>();
		for (AwsObject object : parameters.objects()) {
			FetchedValue value = values.get(object);
			int mode = (object.filePermission() != null) ? object.filePermission() : defaultMode;
			files.add(new SecretFile(object.fileName(), mode, value.value()));
			versions.add(new ObjectVersion(object.fileName(), value.version()));
			for (JmesPathEntry entry : object.jmesPath()) {
				byte[] extracted = JsonExtractor.extract(value.value(), entry, object.objectName());
				int entryMode = (entry.filePermission() != null) ? entry.filePermission() : mode;
				files.add(new SecretFile(entry.fileName(), entryMode, extracted));
				versions.add(new ObjectVersion(entry.fileName(), value.version()));
			}
		}
		return new MountResponse(versions, files);
	}

}
