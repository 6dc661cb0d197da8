package dev.secretsstore.provider.vault;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.SecretFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Fetches the objects of one mount. Objects that need the same Vault call share one answer, so two keys of one
 * dynamic credential belong together.
 */
final class VaultMount {

	private static final Logger log = LoggerFactory.getLogger(VaultMount.class);

	private final VaultSession session;

	private final String jwt;

	private final byte[] versionKey;

	private final Clock clock;

	private final Map<VaultRequest, JsonNode> answers = new HashMap<>();

	/**
	 * @param versionKey the HMAC key of object versions, or {@code null} for empty versions
	 */
	VaultMount(VaultSession session, String jwt, byte[] versionKey, Clock clock) {
		this.session = session;
		this.jwt = jwt;
		this.versionKey = versionKey;
		this.clock = clock;
	}

	MountResponse fetch(List<VaultObject> objects, int defaultMode) throws ProviderException {
		List<SecretFile> files = new ArrayList<>();
		List<ObjectVersion> objectVersions = new ArrayList<>();
		for (VaultObject object : objects) {
			VaultRequest request = object.request();
			byte[] content = SecretContents.extract(answer(request, object), object, request.describe());
			int mode = (object.filePermission() != 0) ? object.filePermission() : defaultMode;
			files.add(new SecretFile(object.objectName(), mode, content));
			objectVersions.add(new ObjectVersion(object.objectName(), ObjectVersions.of(object, content, this.versionKey)));
		}
		log.debug("Fetched {} objects with {} Vault calls", objects.size(), this.answers.size());
		return new MountResponse(objectVersions, files);
	}

	private JsonNode answer(VaultRequest request, VaultObject object) throws ProviderException {
		JsonNode answer = this.answers.get(request);
		if (answer != null) {
			return answer;
		}
		String what = "reading " + request.describe() + " for object '" + object.objectName() + "'";
		RawResponse response = this.session.call(request, this.jwt, what);
		if (!response.isSuccess()) {
			throw VaultErrors.forStatus(response, what, this.clock);
		}
		answer = (response.body().length > 0) ? VaultJson.readOrNull(response.body()) : null;
		if (answer == null || !answer.isObject()) {
			throw new ProviderException(Reason.FAILED, "VaultEmptyResponse",
					"Vault answered " + what + " with no JSON object (HTTP " + response.status() + ")");
		}
		if (!answer.path("data").isObject()) {
			throw new ProviderException(Reason.NOT_FOUND, "VaultEmptyResponse",
					"Vault answered " + what + " without data" + warnings(answer));
		}
		answer.path("warnings")
			.forEach((warning) -> log.warn("Vault warns about {}: {}", request.describe(),
					warning.isString() ? warning.stringValue() : warning));
		this.answers.put(request, answer);
		return answer;
	}

	private static String warnings(JsonNode answer) {
		List<String> warnings = new ArrayList<>();
		answer.path("warnings").forEach((warning) -> warnings.add(warning.isString() ? warning.stringValue() : ""));
		return warnings.isEmpty() ? "" : "; warnings: " + String.join("; ", warnings);
	}

}
