package dev.secretsstore.provider.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.MountedFiles;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.vault.client.RawResponse;
import dev.secretsstore.provider.vault.client.VaultErrors;
import dev.secretsstore.provider.vault.client.VaultJson;
import dev.secretsstore.provider.vault.client.VaultRequest;
import dev.secretsstore.provider.vault.client.VaultSession;
import dev.secretsstore.provider.vault.lease.Lease;
import dev.secretsstore.provider.vault.lease.VolumeLeases;
import dev.secretsstore.provider.vault.objects.SecretContents;
import dev.secretsstore.provider.vault.objects.VaultObject;
import dev.secretsstore.provider.vault.version.ObjectVersions;
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

	private final KvMetadataChecks checks;

	private final Map<VaultRequest, JsonNode> answers = new HashMap<>();

	// metadata answers of this mount, by the read they stand for; null for a refusal
	private final Map<VaultRequest, JsonNode> metadata = new HashMap<>();

	// the answers of this mount that hold a lease
	private final Map<VaultRequest, Lease> held = new HashMap<>();

	/**
	 * @param versionKey the HMAC key of object versions, or {@code null} for empty
	 * versions
	 * @param leases the dynamic secrets the volume holds
	 * @param checks what cheap checks of KV version 2 secrets remember
	 */
	VaultMount(VaultSession session, String jwt, byte[] versionKey, Clock clock, VolumeLeases leases,
			KvMetadataChecks checks) {
		this.session = session;
		this.jwt = jwt;
		this.versionKey = versionKey;
		this.clock = clock;
		this.leases = leases;
		this.checks = checks;
	}

	/**
	 * The objects' files and versions; a KV version 2 object that is still at the version
	 * the volume holds keeps its mounted bytes when checks are on.
	 * @param mounted the volume's request: its target folder, the versions it holds, and
	 * the mode of files whose object sets none
	 */
	MountResponse fetch(List<VaultObject> objects, MountRequest mounted) throws ProviderException {
		Map<String, String> current = new HashMap<>();
		mounted.currentObjectVersions().forEach((version) -> current.put(version.id(), version.version()));
		Map<VaultObject, byte[]> kept = new HashMap<>();
		Set<VaultRequest> read = new HashSet<>();
		for (VaultObject object : objects) {
			VaultRequest request = object.request();
			if (read.contains(request)) {
				// its path is read in full anyway
				continue;
			}
			unchanged(object, request, current.getOrDefault(object.objectName(), ""), mounted.targetPath())
				.ifPresentOrElse((bytes) -> kept.put(object, bytes), () -> read.add(request));
		}
		List<SecretFile> files = new ArrayList<>();
		List<ObjectVersion> objectVersions = new ArrayList<>();
		for (VaultObject object : objects) {
			VaultRequest request = object.request();
			byte[] content;
			String version;
			// objects of one path come from one answer: when one of them is read, all are
			if (read.contains(request)) {
				JsonNode answer = answer(request, object);
				content = SecretContents.extract(answer, object, request.describe());
				version = ObjectVersions.of(object, content, this.versionKey);
				this.checks.read(this.session.key(), request, answer, version);
			}
			else {
				content = kept.get(object);
				version = current.get(object.objectName());
			}
			int mode = (object.filePermission() != 0) ? object.filePermission() : mounted.permission();
			files.add(new SecretFile(object.objectName(), mode, content));
			objectVersions.add(new ObjectVersion(object.objectName(), version));
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

	/**
	 * The mounted bytes of {@code object} when Vault's metadata says the KV version they
	 * were read from is still current, and they are exactly what that version was (their
	 * HMAC is the version the volume holds); empty to read the value.
	 */
	private Optional<byte[]> unchanged(VaultObject object, VaultRequest request, String version, String targetPath)
			throws ProviderException {
		OptionalLong read = this.checks.readVersion(this.session.key(), request, version);
		if (read.isEmpty() || this.versionKey == null) {
			return Optional.empty();
		}
		JsonNode metadata = metadata(request);
		if (metadata == null || !KvMetadataChecks.isCurrent(metadata, read.getAsLong())) {
			return Optional.empty();
		}
		Optional<byte[]> bytes = MountedFiles.read(targetPath, object.objectName());
		if (bytes.isEmpty() || !ObjectVersions.of(object, bytes.get(), this.versionKey).equals(version)) {
			log.debug("Object '{}' is unchanged in Vault but its mounted file is not the version the volume holds; "
					+ "reading it again", object.objectName());
			return Optional.empty();
		}
		return bytes;
	}

	/**
	 * The metadata of a KV version 2 read, once per mount; null when Vault refuses it or
	 * has no such path.
	 */
	private JsonNode metadata(VaultRequest read) throws ProviderException {
		if (this.metadata.containsKey(read)) {
			return this.metadata.get(read);
		}
		VaultRequest request = new VaultRequest("GET", KvMetadataChecks.metadataPath(read).orElseThrow(), Map.of(),
				null);
		String what = "reading " + request.describe() + " to check " + read.describe();
		RawResponse response = this.session.callWithLogin(request, this.jwt, what, Duration.ZERO).response();
		JsonNode answer = null;
		if (response.isSuccess()) {
			answer = VaultJson.readOrNull(response.body());
		}
		else if (response.status() == 400 || response.status() == 403 || response.status() == 404
				|| response.status() == 405) {
			this.checks.refused(this.session.key(), read, response.status());
		}
		else {
			throw VaultErrors.forStatus(response, what, this.clock);
		}
		this.metadata.put(read, answer);
		return answer;
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
