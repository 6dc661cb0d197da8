package dev.secretsstore.provider.vault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.secretsstore.provider.vault.client.VaultRequest;
import dev.secretsstore.provider.vault.client.VaultSessionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * What the cheap change checks of KV version 2 secrets remember (issue 12 §5). An
 * object's version is an HMAC of its settings and content, as the Go provider makes it,
 * so it cannot say which KV version it was read from: this remembers that, after each
 * full read. A rotation of an object whose mounted version is remembered then asks the
 * secret's metadata for its {@code current_version} and, if that is still the version
 * read, keeps the mounted file ({@link VaultMount}).
 *
 * <p>
 * Also remembers, for an hour, the metadata paths Vault refused to a role (most policies
 * grant {@code <mount>/data/*} only), so a refused check costs one call an hour rather
 * than one per rotation. Holds versions and paths, never contents.
 */
final class KvMetadataChecks {

	static final Duration REFUSAL_MEMORY = Duration.ofHours(1);

	// a node mounts far fewer objects; beyond it, the least used are read in full again
	private static final int MAX_REMEMBERED = 100_000;

	// versions replaced by a rotation are never asked for again: they go after a day
	private static final Duration READ_MEMORY = Duration.ofDays(1);

	/**
	 * Off: every rotation reads values, as the Go provider does. Declared after the
	 * constants it is built with.
	 */
	static final KvMetadataChecks OFF = new KvMetadataChecks(false, Ticker.systemTicker());

	private static final Logger log = LoggerFactory.getLogger(KvMetadataChecks.class);

	private final boolean enabled;

	private final Cache<ReadKey, Long> readVersions;

	private final Cache<RefusalKey, Boolean> refusals;

	KvMetadataChecks(boolean enabled, Ticker ticker) {
		this.enabled = enabled;
		this.readVersions = Caffeine.newBuilder()
			.maximumSize(MAX_REMEMBERED)
			.expireAfterAccess(READ_MEMORY)
			.ticker(ticker)
			.build();
		this.refusals = Caffeine.newBuilder()
			.maximumSize(MAX_REMEMBERED)
			.expireAfterWrite(REFUSAL_MEMORY)
			.ticker(ticker)
			.build();
	}

	/**
	 * The metadata path of a KV version 2 read such as {@code secret/data/app}:
	 * {@code secret/metadata/app}; empty for any other request. The mount is at least one
	 * element, so the first {@code data} element after it is taken; a mount that itself
	 * ends in {@code data} gets a path Vault refuses, and its objects are read in full. A
	 * pinned version ({@code ?version=N}) or any other query is not checked.
	 */
	static Optional<String> metadataPath(VaultRequest request) {
		if (!request.method().equals("GET") || !request.query().isEmpty() || request.body() != null) {
			return Optional.empty();
		}
		List<String> elements = List.of(request.path().split("/", -1));
		int data = elements.subList(1, elements.size()).indexOf("data") + 1;
		if (data < 1 || data == elements.size() - 1) {
			return Optional.empty();
		}
		return Optional.of(String.join("/", elements.subList(0, data)) + "/metadata/"
				+ String.join("/", elements.subList(data + 1, elements.size())));
	}

	/**
	 * After a full read: remembers which KV version {@code objectVersion} was read from,
	 * when {@code answer} is a KV version 2 answer ({@code data.metadata.version}).
	 */
	void read(VaultSessionKey session, VaultRequest request, JsonNode answer, String objectVersion) {
		JsonNode version = answer.path("data").path("metadata").path("version");
		if (this.enabled && !objectVersion.isEmpty() && version.isIntegralNumber()
				&& answer.path("data").path("data").isObject() && metadataPath(request).isPresent()) {
			this.readVersions.put(new ReadKey(session.address(), session.namespace(), request.path(), objectVersion),
					version.longValue());
		}
	}

	/**
	 * The KV version the mounted {@code objectVersion} was read from, when it may be
	 * checked: empty when checks are off, the version was not read here since start, or
	 * Vault refused this role the metadata path within the last hour.
	 */
	OptionalLong readVersion(VaultSessionKey session, VaultRequest request, String objectVersion) {
		if (!this.enabled || objectVersion.isEmpty()) {
			return OptionalLong.empty();
		}
		Long read = this.readVersions
			.getIfPresent(new ReadKey(session.address(), session.namespace(), request.path(), objectVersion));
		if (read == null || this.refusals.getIfPresent(RefusalKey.of(session, request)) != null) {
			return OptionalLong.empty();
		}
		return OptionalLong.of(read);
	}

	/**
	 * Vault refused the metadata path to this role, or has no such path: objects of it
	 * are read in full for the next hour.
	 */
	void refused(VaultSessionKey session, VaultRequest request, int status) {
		if (this.refusals.asMap().putIfAbsent(RefusalKey.of(session, request), Boolean.TRUE) == null) {
			log.info(
					"Vault answered HTTP {} to reading {} for role '{}': reading the values of {} in full for {}; "
							+ "grant the role 'read' on that path to check versions cheaply",
					status, metadataPath(request).orElse(""), session.roleName(), request.path(), REFUSAL_MEMORY);
		}
	}

	/**
	 * Whether a metadata answer says {@code readVersion} is still the current version and
	 * neither deleted nor destroyed, so a full read would return the same value.
	 */
	static boolean isCurrent(JsonNode metadata, long readVersion) {
		JsonNode data = metadata.path("data");
		JsonNode version = data.path("versions").path(Long.toString(readVersion));
		return data.path("current_version").isIntegralNumber()
				&& data.path("current_version").longValue() == readVersion && version.isObject()
				&& !version.path("destroyed").asBoolean(false) && version.path("deletion_time").asString("").isEmpty();
	}

	private record ReadKey(String address, String namespace, String path, String objectVersion) {
	}

	private record RefusalKey(String address, String namespace, String authMountPath, String roleName, String path) {

		static RefusalKey of(VaultSessionKey session, VaultRequest request) {
			return new RefusalKey(session.address(), session.namespace(), session.authMountPath(), session.roleName(),
					request.path());
		}

	}

}
