package dev.secretsstore.driver.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.SecretProvider;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The provider the Go driver's e2e suite deploys ({@code test/e2eprovider}, socket
 * {@code e2e-provider.sock}), as a {@link SecretProvider} to serve as a remote plugin. It
 * knows two objects, {@code foo} ({@code secret}) and {@code fookey} (a PEM public key),
 * named in the SecretProviderClass parameter {@code objects} as
 * {@code array: ["objectName: foo", ...]}, and returns each as the file of its name,
 * without mode, with version {@code v1} under the id {@code secret/<name>}.
 * <p>
 * Its rotation switch ({@code /rotation?rotated=true} upstream, {@link #rotated(boolean)}
 * here) makes every object of a pod it has served before read {@code rotated}, version
 * {@code v2}.
 */
public final class E2eProvider implements SecretProvider {

	/** The provider name, from the socket's file name. */
	public static final String NAME = "e2e-provider";

	/** The content of {@code fookey}. */
	public static final String PUBLIC_KEY = """
			-----BEGIN PUBLIC KEY-----
			MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDeRYOwBJ3hwBAGPSlsb1wIPndR
			sMfdl1JZI0fNuIPvVtgy3JGm9DHnxeno36bAOsS1Az+8w2O59CPUgDX18jyFqfjc
			cKw55UP059RN62k1fQUsfxTWD26Ubp0WKuyDah4YPY9+s5cYuDMrPb4mHVzaFSff
			4CEjdP+2PPIT7UZbNQIDAQAB
			-----END PUBLIC KEY-----
			""";

	private static final Map<String, String> SECRETS = Map.of("foo", "secret", "fookey", PUBLIC_KEY);

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	/** Every Mount call received. */
	public final AtomicInteger calls = new AtomicInteger();

	private final Set<String> seenPods = ConcurrentHashMap.newKeySet();

	private volatile boolean rotated;

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public ProviderVersion version() {
		return new ProviderVersion("E2EMockProvider", "v0.0.10");
	}

	/**
	 * Turns the rotation switch on or off.
	 */
	public void rotated(boolean rotated) {
		this.rotated = rotated;
	}

	@Override
	public MountResponse mount(MountRequest request) throws ProviderException {
		this.calls.incrementAndGet();
		boolean seen = !this.seenPods.add(request.attributes().getOrDefault(MountRequest.POD_UID, ""));
		boolean rotate = this.rotated && seen;
		List<ObjectVersion> versions = new ArrayList<>();
		List<SecretFile> files = new ArrayList<>();
		for (String object : objectNames(request.attributes().getOrDefault("objects", ""))) {
			String content = SECRETS.get(object);
			if (content == null) {
				throw new ProviderException(Reason.NOT_FOUND, "", "secret " + object + " not found");
			}
			files.add(new SecretFile(object, 0, (rotate ? "rotated" : content).getBytes(StandardCharsets.UTF_8)));
			versions.add(new ObjectVersion("secret/" + object, rotate ? "v2" : "v1"));
		}
		return new MountResponse(versions, files);
	}

	private static List<String> objectNames(String objects) throws ProviderException {
		List<String> names = new ArrayList<>();
		try {
			for (JsonNode entry : YAML.readTree(objects).path("array")) {
				names.add(YAML.readTree(entry.asString()).path("objectName").asString());
			}
		}
		catch (JacksonException ex) {
			throw new ProviderException(Reason.INVALID_PARAMETERS, "", "objects is not valid YAML: " + ex.getMessage());
		}
		if (names.isEmpty()) {
			throw new ProviderException(Reason.INVALID_PARAMETERS, "", "no objects in the parameter objects");
		}
		return names;
	}

}
