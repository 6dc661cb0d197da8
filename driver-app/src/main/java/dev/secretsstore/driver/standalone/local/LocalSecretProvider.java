package dev.secretsstore.driver.standalone.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.SecretProvider;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The built-in provider named {@code local}: each object is a file under one root folder. The SecretProviderClass
 * parameter {@code objects} is a YAML list of {@code objectName} (path under the root), optional
 * {@code objectAlias} and {@code filePermission}. Anything that resolves outside the root, through {@code ..} or a
 * symbolic link, is refused. An object's version is the SHA-256 of its contents, so editing a file is a rotation.
 */
public class LocalSecretProvider implements SecretProvider {

	/** The provider name. */
	public static final String NAME = "local";

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private final Path root;

	/**
	 * @param root the folder secrets are read from; must exist
	 * @throws IOException when the root does not exist
	 */
	public LocalSecretProvider(Path root) throws IOException {
		this.root = root.toRealPath();
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public boolean sharesResponsesAcrossPods() {
		// the files depend only on the parameters
		return true;
	}

	@Override
	public ProviderVersion version() {
		return new ProviderVersion("local", getClass().getPackage().getImplementationVersion() != null
				? getClass().getPackage().getImplementationVersion() : "dev");
	}

	@Override
	public MountResponse mount(MountRequest request) throws ProviderException {
		List<LocalObject> objects = parseObjects(request.attributes().get("objects"));
		List<SecretFile> files = new ArrayList<>();
		List<ObjectVersion> versions = new ArrayList<>();
		for (LocalObject object : objects) {
			byte[] contents = read(object.objectName());
			files.add(file(object, contents, request.permission()));
			versions.add(new ObjectVersion("file/" + object.objectName(), sha256(contents)));
		}
		try {
			return new MountResponse(versions, files);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("objects: " + ex.getMessage());
		}
	}

	private static List<LocalObject> parseObjects(String yaml) throws ProviderException {
		if (yaml == null || yaml.isBlank()) {
			throw invalid("parameter 'objects' is missing: list the files to mount, e.g. '- objectName: db-password'");
		}
		List<LocalObject> objects;
		try {
			objects = YAML.readValue(yaml, new TypeReference<List<LocalObject>>() {
			});
		}
		catch (JacksonException ex) {
			throw invalid("parameter 'objects' is not a YAML list of objectName/objectAlias/filePermission: "
					+ ex.getOriginalMessage());
		}
		if (objects == null || objects.isEmpty()) {
			throw invalid("parameter 'objects' lists no object");
		}
		for (LocalObject object : objects) {
			if (object == null || object.objectName() == null || object.objectName().isBlank()) {
				throw invalid("parameter 'objects' has an entry without objectName");
			}
		}
		return objects;
	}

	private byte[] read(String objectName) throws ProviderException {
		Path candidate = this.root.resolve(objectName).normalize();
		if (!candidate.startsWith(this.root)) {
			throw invalid("object '" + objectName + "' is outside the local provider's root folder");
		}
		try {
			Path real = candidate.toRealPath();
			if (!real.startsWith(this.root)) {
				throw invalid("object '" + objectName + "' links outside the local provider's root folder");
			}
			if (!Files.isRegularFile(real)) {
				throw new ProviderException(Reason.NOT_FOUND, "", "object '" + objectName + "' is not a file");
			}
			return Files.readAllBytes(real);
		}
		catch (NoSuchFileException ex) {
			throw new ProviderException(Reason.NOT_FOUND, "",
					"object '" + objectName + "' not found in the local provider's root folder");
		}
		catch (IOException ex) {
			throw new ProviderException(Reason.FAILED, "", "cannot read object '" + objectName + "': " + ex, ex);
		}
	}

	private static SecretFile file(LocalObject object, byte[] contents, int defaultMode) throws ProviderException {
		try {
			int mode = (object.filePermission() != null && !object.filePermission().isBlank())
					? Integer.parseInt(object.filePermission().trim(), 8) : defaultMode;
			return new SecretFile(object.fileName(), mode, contents);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("object '" + object.objectName() + "': " + ex.getMessage());
		}
	}

	private static String sha256(byte[] contents) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(contents));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ProviderException invalid(String message) {
		return new ProviderException(Reason.INVALID_PARAMETERS, "", message);
	}

}
