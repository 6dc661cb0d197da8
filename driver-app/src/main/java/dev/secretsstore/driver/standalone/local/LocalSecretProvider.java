package dev.secretsstore.driver.standalone.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
 * The built-in provider named {@code local}: each object is a file under one root folder.
 * The SecretProviderClass parameter {@code objects} is a YAML list of {@code objectName}
 * (path under the root), optional {@code objectAlias} and {@code filePermission}.
 * Anything that resolves outside the root, through {@code ..} or a symbolic link, is
 * refused. An object's version is an HMAC-SHA256 of its id and contents under a secret
 * key, so editing a file is a rotation, while the version, which anyone who can read the
 * Actuator endpoints or the mount records sees, reveals nothing about the contents: a
 * plain hash of a short password could be reversed by guessing.
 */
public class LocalSecretProvider implements SecretProvider {

	/** The provider name. */
	public static final String NAME = "local";

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private static final String HMAC = "HmacSHA256";

	private final Path root;

	private final SecretKeySpec versionKey;

	/**
	 * A provider with a random version key of its own, for tests and embedding: its
	 * versions differ from those of any other instance, so a restart would show every
	 * object as rotated once.
	 * @param root the folder secrets are read from; must exist
	 * @throws IOException when the root does not exist
	 */
	public LocalSecretProvider(Path root) throws IOException {
		this(root, randomKey());
	}

	/**
	 * @param root the folder secrets are read from; must exist
	 * @param versionKey the HMAC key of object versions, kept across restarts
	 * @throws IOException when the root does not exist
	 */
	public LocalSecretProvider(Path root, byte[] versionKey) throws IOException {
		this.root = root.toRealPath();
		this.versionKey = new SecretKeySpec(versionKey, HMAC);
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
			String id = "file/" + object.objectName();
			versions.add(new ObjectVersion(id, version(id, contents)));
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

	/**
	 * Base64url of HMAC-SHA256 over the id's length and bytes, then the contents: with
	 * the id in, two objects of equal contents do not show equal versions.
	 */
	private String version(String id, byte[] contents) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(this.versionKey);
			byte[] name = id.getBytes(StandardCharsets.UTF_8);
			mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(name.length).array());
			mac.update(name);
			return Base64.getUrlEncoder().encodeToString(mac.doFinal(contents));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

	private static byte[] randomKey() {
		byte[] key = new byte[VersionKeyFile.LENGTH];
		new SecureRandom().nextBytes(key);
		return key;
	}

	private static ProviderException invalid(String message) {
		return new ProviderException(Reason.INVALID_PARAMETERS, "", message);
	}

}
