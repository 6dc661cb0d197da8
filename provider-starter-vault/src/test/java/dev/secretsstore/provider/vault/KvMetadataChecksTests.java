package dev.secretsstore.provider.vault;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.secretsstore.provider.vault.client.VaultJson;
import dev.secretsstore.provider.vault.client.VaultRequest;
import dev.secretsstore.provider.vault.client.VaultSessionKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KvMetadataChecksTests {

	private static final VaultSessionKey SESSION = new VaultSessionKey("https://vault:8200", "", "kubernetes",
			"shop-reader", "vault", null, "shop", "web-1", "uid-1");

	private final AtomicLong nanos = new AtomicLong();

	private final KvMetadataChecks checks = new KvMetadataChecks(true, this.nanos::get);

	@Test
	void theMetadataPathReplacesTheFirstDataElementAfterTheMount() {
		assertThat(KvMetadataChecks.metadataPath(read("secret/data/shop/db"))).hasValue("secret/metadata/shop/db");
		assertThat(KvMetadataChecks.metadataPath(read("team/kv/data/app"))).hasValue("team/kv/metadata/app");
		assertThat(KvMetadataChecks.metadataPath(read("data/data/app"))).as("a mount named data")
			.hasValue("data/metadata/app");
	}

	@Test
	void readsThatAreNotPlainKvVersion2ReadsAreNotChecked() {
		assertThat(KvMetadataChecks.metadataPath(read("kv1/app"))).isEmpty();
		assertThat(KvMetadataChecks.metadataPath(read("secret/data"))).isEmpty();
		assertThat(KvMetadataChecks.metadataPath(VaultRequest.of("secret/data/app?version=3", "", null))).isEmpty();
		assertThat(KvMetadataChecks.metadataPath(VaultRequest.of("pki/issue/data/web", "PUT", Map.of("ttl", "1h"))))
			.isEmpty();
	}

	@Test
	void remembersTheKvVersionOfAnObjectVersionOnlyFromAKvVersion2Answer() {
		VaultRequest read = read("secret/data/shop/db");
		this.checks.read(SESSION, read, VaultJson.readOrNull(VaultTestSupport.kv2("pw").getBytes()), "v-hmac");
		this.checks.read(SESSION, read, VaultJson.readOrNull("{\"data\":{\"password\":\"pw\"}}".getBytes()), "kv1");

		assertThat(this.checks.readVersion(SESSION, read, "v-hmac")).hasValue(4);
		assertThat(this.checks.readVersion(SESSION, read, "kv1")).isEmpty();
		assertThat(this.checks.readVersion(SESSION, read, "unknown")).isEmpty();
	}

	@Test
	void aRefusalIsRememberedForAnHourPerRole() {
		VaultRequest read = read("secret/data/shop/db");
		this.checks.read(SESSION, read, VaultJson.readOrNull(VaultTestSupport.kv2("pw").getBytes()), "v-hmac");
		this.checks.refused(SESSION, read, 403);
		assertThat(this.checks.readVersion(SESSION, read, "v-hmac")).isEmpty();

		this.nanos.addAndGet(KvMetadataChecks.REFUSAL_MEMORY.plus(Duration.ofSeconds(1)).toNanos());
		assertThat(this.checks.readVersion(SESSION, read, "v-hmac")).hasValue(4);
	}

	@Test
	void aVersionNotAskedForInADayIsForgotten() {
		VaultRequest read = read("secret/data/shop/db");
		this.checks.read(SESSION, read, VaultJson.readOrNull(VaultTestSupport.kv2("pw").getBytes()), "v-hmac");
		this.nanos.addAndGet(Duration.ofHours(23).toNanos());
		assertThat(this.checks.readVersion(SESSION, read, "v-hmac")).hasValue(4);

		this.nanos.addAndGet(Duration.ofHours(24).plusSeconds(1).toNanos());
		assertThat(this.checks.readVersion(SESSION, read, "v-hmac")).isEmpty();
	}

	@Test
	void onlyAnUndeletedCurrentVersionCounts() {
		String metadata = VaultTestSupport.resource("vault/kv2-metadata.json").replace("{{current}}", "4");
		assertThat(KvMetadataChecks.isCurrent(json(metadata.replace("{{deleted}}", "")), 4)).isTrue();
		assertThat(KvMetadataChecks.isCurrent(json(metadata.replace("{{deleted}}", "")), 3)).isFalse();
		assertThat(KvMetadataChecks.isCurrent(json(metadata.replace("{{deleted}}", "2026-12-06T10:00:00Z")), 4))
			.isFalse();
		assertThat(KvMetadataChecks.isCurrent(json("{\"data\":{}}"), 4)).isFalse();
	}

	private static VaultRequest read(String path) {
		return VaultRequest.of(path, "", null);
	}

	private static tools.jackson.databind.JsonNode json(String text) {
		return VaultJson.readOrNull(text.getBytes());
	}

}
