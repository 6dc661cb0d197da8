package dev.secretsstore.provider.vault;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.SecretFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Fetches the objects of one mount. Objects that need the same Vault call share one
 * answer, so two keys of one dynamic credential belong together. An answer with a
 * {@code lease_id} is a dynamic secret issued for this pod: the volume keeps it and
 * mounts it again while its lease can be renewed ({@link VolumeLeases}), and the response
 * is marked {@linkplain MountResponse#perPod() per pod} so that the driver never hands it
 * to another pod.
 */
final class VaultMount {

	private static final Logger log = LoggerFactory.getLogger(VaultMount.class);

	private final VaultSession session;

	private final String jwt;

	private final byte[] versionKey;

	private final Clock clock;

	private final VolumeLeases leases;

	private final Map<VaultRequest, JsonNode> answers = new HashMap<>();

	// the answers of this mount that hold a lease
	private final Map<VaultRequest, Lease> held = new HashMap<>();

	/**
	 * @param versionKey the HMAC key of object versions, or {@code null} for empty
	 * versions
	 * @param leases the dynamic secrets the volume holds
	 */
	VaultMount(VaultSession session, String jwt, byte[] versionKey, Clock clock, VolumeLeases leases) {
		this.session = session;
		this.jwt = jwt;
		this.versionKey = versionKey;
		this.clock = clock;
		this.leases = leases;
	}

	MountResponse fetch(List<VaultObject> objects, int defaultMode) throws ProviderException {
		List<SecretFile> files = new ArrayList<>();
		List<ObjectVersion> objectVersions = new ArrayList<>();
		for (VaultObject object : objects) {
			VaultRequest request = object.request();
			byte[] content = SecretContents.extract(answer(request, object), object, request.describe());
			int mode = (object.filePermission() != 0) ? object.filePermission() : defaultMode;
			files.add(new SecretFile(object.objectName(), mode, content));
			objectVersions
				.add(new ObjectVersion(object.objectName(), ObjectVersions.of(object, content, this.versionKey)));
		}
		log.debug("Fetched {} objects with {} Vault answers, {} of them leased", objects.size(), this.answers.size(),
				this.held.size());
		this.leases.mounted(this.held);
		Map<String, Instant> expiries = new HashMap<>();
		for (VaultObject object : objects) {
			Lease lease = this.held.get(object.request());
			if (lease != null) {
				expiries.put(object.objectName(), lease.expiresAt());
			}
		}
		return new MountResponse(objectVersions, files, !this.held.isEmpty(), expiries);
	}

	private JsonNode answer(VaultRequest request, VaultObject object) throws ProviderException {
		JsonNode answer = this.answers.get(request);
		if (answer != null) {
			return answer;
		}
		Optional<Lease> kept = this.leases.reuse(request,
				request.describe() + " for object '" + object.objectName() + "'");
		if (kept.isPresent()) {
			this.held.put(request, kept.get());
			this.answers.put(request, kept.get().answer());
			return kept.get().answer();
		}
		String what = "reading " + request.describe() + " for object '" + object.objectName() + "'";
		VaultSession.Answer sent = this.session.callWithLogin(request, this.jwt, what,
				this.leases.minimumTokenLife(request));
		RawResponse response = sent.response();
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
		Lease.issued(answer, this.session, sent.login(), this.clock.instant()).ifPresent((lease) -> {
			this.held.put(request, lease);
			this.leases.issued(request, lease);
		});
		return answer;
	}

	private static String warnings(JsonNode answer) {
		List<String> warnings = new ArrayList<>();
		answer.path("warnings").forEach((warning) -> warnings.add(warning.isString() ? warning.stringValue() : ""));
		return warnings.isEmpty() ? "" : "; warnings: " + String.join("; ", warnings);
	}

}
