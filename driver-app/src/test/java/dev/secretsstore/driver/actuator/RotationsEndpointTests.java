package dev.secretsstore.driver.actuator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.secretsstore.driver.restart.RestartLog;
import dev.secretsstore.driver.restart.RestartOutcome;
import dev.secretsstore.driver.restart.RotatedObject;
import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.rotation.RotationEvents;
import dev.secretsstore.driver.rotation.RotationTrigger;
import dev.secretsstore.driver.volume.VersionChange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /actuator/rotations} with restarts among the rotation entries, as Actuator's
 * Jackson writes it.
 */
class RotationsEndpointTests {

	private static final Instant T = Instant.parse("2026-11-28T00:00:00Z");

	private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

	private final RotationEvents rotations = new RotationEvents(10);

	private final RestartLog restarts = new RestartLog(10);

	@Test
	void restartsAreEntriesOfTheirOwnAmongTheRotationsNewestFirst() {
		this.rotations.onRotation(rotation(T));
		this.restarts.onRestart(new RestartOutcome(T.plusSeconds(30), "default", "Deployment", "web", "uid-web",
				RestartOutcome.Result.RESTARTED, "sha256-abc", List.of(new RestartOutcome.PodRef("web-1", "uid-1")),
				List.of(new RotatedObject("app", "foo", "v2")), "restarted"));
		this.rotations.onRotation(rotation(T.plusSeconds(60)));
		RotationsEndpoint endpoint = new RotationsEndpoint(this.rotations, null, this.restarts::recent);

		JsonNode entries = this.json.readTree(this.json.writeValueAsString(endpoint.recent()));

		assertThat(entries).hasSize(3);
		assertThat(entries.get(0).get("outcome").asString()).isEqualTo("ROTATED");
		JsonNode restart = entries.get(1);
		assertThat(restart.get("namespace").asString()).isEqualTo("default");
		assertThat(restart.has("outcome")).as("no rotation field, so readers of rotations skip it").isFalse();
		assertThat(restart.get("restart").get("kind").asString()).isEqualTo("Deployment");
		assertThat(restart.get("restart").get("result").asString()).isEqualTo("RESTARTED");
		assertThat(restart.get("restart").get("pods").get(0).get("name").asString()).isEqualTo("web-1");
		assertThat(entries.get(2).get("trigger").asString()).isEqualTo("SCHEDULED");
	}

	@Test
	void withoutRestartsTheEntriesAreTheRotationsAsBefore() {
		this.rotations.onRotation(rotation(T));
		RotationsEndpoint endpoint = new RotationsEndpoint(this.rotations, null);
		assertThat(endpoint.recent()).containsExactlyElementsOf(this.rotations.recent());
	}

	private static RotationEvent rotation(Instant time) {
		return new RotationEvent(time, "default", "web-1", "uid-1", "app", "e2e-provider", "/mnt",
				RotationTrigger.SCHEDULED, RotationEvent.Outcome.ROTATED, List.of(new VersionChange("foo", "v1", "v2")),
				null, null, Duration.ofMillis(5));
	}

}
