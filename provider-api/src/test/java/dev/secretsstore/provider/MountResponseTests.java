package dev.secretsstore.provider;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MountResponseTests {

	private static final Instant EXPIRY = Instant.parse("2026-11-28T01:00:00Z");

	private final List<ObjectVersion> versions = List.of(new ObjectVersion("db-username", "v1"),
			new ObjectVersion("db-password", "v1"));

	private final List<SecretFile> files = List.of(
			new SecretFile("db-username", 0, "v-app-x1".getBytes(StandardCharsets.UTF_8)),
			new SecretFile("db-password", 0, "hunter2".getBytes(StandardCharsets.UTF_8)));

	@Test
	void anAnswerWithoutLeasesMayBeSharedAcrossPods() {
		MountResponse response = new MountResponse(this.versions, this.files);

		assertThat(response.perPod()).isFalse();
		assertThat(response.leaseExpiries()).isEmpty();
	}

	@Test
	void leaseExpiriesNameObjectsOfTheAnswer() {
		MountResponse response = new MountResponse(this.versions, this.files, true,
				Map.of("db-username", EXPIRY, "db-password", EXPIRY));

		assertThat(response.perPod()).isTrue();
		assertThat(response.leaseExpiries()).containsEntry("db-password", EXPIRY).hasSize(2);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MountResponse(this.versions, this.files, true, Map.of("db", EXPIRY)))
			.withMessageContaining("'db'");
	}

	@Test
	void toStringShowsNamesAndTimesButNoContents() {
		String text = new MountResponse(this.versions, this.files, true, Map.of("db-password", EXPIRY)).toString();

		assertThat(text).contains("db-password", "perPod", "2026-11-28T01:00:00Z")
			.doesNotContain("hunter2", "v-app-x1");
	}

}
