package dev.secretsstore.provider.plugin;

import java.util.List;

import com.google.protobuf.ByteString;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.plugin.v1alpha1.File;

/**
 * Converts between the SPI records and the v1alpha1 messages, shared by
 * {@link PluginClient} and {@link PluginServer} so both ends encode the JSON fields the
 * same way.
 */
final class PluginCodec {

	/**
	 * The protocol version both ends speak, sent in {@code VersionRequest} and answered
	 * in {@code VersionResponse}.
	 */
	static final String PROTOCOL_VERSION = "v1alpha1";

	private static final int MAX_MODE = 0777;

	private PluginCodec() {
	}

	static dev.secretsstore.provider.plugin.v1alpha1.MountRequest toProto(MountRequest request) {
		return dev.secretsstore.provider.plugin.v1alpha1.MountRequest.newBuilder()
			.setAttributes(FlatJson.write(request.attributes()))
			.setSecrets(FlatJson.write(request.secrets()))
			.setTargetPath(request.targetPath())
			// Go's json.Marshal(os.FileMode(0644)) is the decimal number 420
			.setPermission(Integer.toString(request.permission()))
			.addAllCurrentObjectVersion(versionsToProto(request.currentObjectVersions()))
			.build();
	}

	/**
	 * @throws IllegalArgumentException naming the field that does not decode; never
	 * quoting its value
	 */
	static MountRequest fromProto(dev.secretsstore.provider.plugin.v1alpha1.MountRequest request) {
		return new MountRequest(FlatJson.read(request.getAttributes(), "attributes"),
				FlatJson.read(request.getSecrets(), "secrets"), request.getTargetPath(),
				permission(request.getPermission()), versionsFromProto(request.getCurrentObjectVersionList()));
	}

	/**
	 * The protocol has no place for {@link MountResponse#perPod()} or lease expiries: the
	 * Go driver asks per pod anyway, and a remote plugin's answers are never shared
	 * ({@link PluginClient} keeps the default of
	 * {@link dev.secretsstore.provider.SecretProvider#sharesResponsesAcrossPods()}).
	 */
	static dev.secretsstore.provider.plugin.v1alpha1.MountResponse toProto(MountResponse response) {
		var builder = dev.secretsstore.provider.plugin.v1alpha1.MountResponse.newBuilder()
			.addAllObjectVersion(versionsToProto(response.objectVersions()));
		for (SecretFile file : response.files()) {
			builder.addFiles(File.newBuilder()
				.setPath(file.path())
				.setMode(file.mode())
				.setContents(ByteString.copyFrom(file.contents())));
		}
		return builder.build();
	}

	/**
	 * Decodes the versions and files; the caller has checked the error code and that
	 * versions are present.
	 * @throws IllegalArgumentException naming the file whose path or mode is invalid, or
	 * a duplicate
	 */
	static MountResponse fromProto(dev.secretsstore.provider.plugin.v1alpha1.MountResponse response) {
		List<SecretFile> files = response.getFilesList()
			.stream()
			.map((file) -> new SecretFile(file.getPath(), file.getMode(), file.getContents().toByteArray()))
			.toList();
		return new MountResponse(versionsFromProto(response.getObjectVersionList()), files);
	}

	/**
	 * Decodes the JSON number of a file mode; empty means the default, for clients that
	 * leave it out.
	 */
	static int permission(String json) {
		String text = json.strip();
		if (text.isEmpty()) {
			return MountRequest.DEFAULT_PERMISSION;
		}
		if (!text.matches("[0-9]{1,4}")) {
			throw new IllegalArgumentException("permission is not a JSON number of a file mode");
		}
		int mode = Integer.parseInt(text);
		if (mode > MAX_MODE) {
			throw new IllegalArgumentException("permission " + mode + " is not between 0 and 0777 (511)");
		}
		return mode;
	}

	private static List<dev.secretsstore.provider.plugin.v1alpha1.ObjectVersion> versionsToProto(
			List<ObjectVersion> versions) {
		return versions.stream()
			.map((version) -> dev.secretsstore.provider.plugin.v1alpha1.ObjectVersion.newBuilder()
				.setId(version.id())
				.setVersion(version.version())
				.build())
			.toList();
	}

	private static List<ObjectVersion> versionsFromProto(
			List<dev.secretsstore.provider.plugin.v1alpha1.ObjectVersion> versions) {
		return versions.stream().map((version) -> new ObjectVersion(version.getId(), version.getVersion())).toList();
	}

}
