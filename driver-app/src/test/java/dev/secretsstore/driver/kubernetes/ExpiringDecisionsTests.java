package dev.secretsstore.driver.kubernetes;

import java.time.Duration;

import dev.secretsstore.driver.actuator.http.WriteDecision;
import dev.secretsstore.driver.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiringDecisionsTests {

	private final MutableClock clock = new MutableClock();

	private final ExpiringDecisions decisions = new ExpiringDecisions(Duration.ofSeconds(10), 3, this.clock);

	@Test
	void aDecisionIsKeptUntilItExpires() {
		this.decisions.put("a", WriteDecision.allowed("jane"));
		this.clock.advance(Duration.ofMillis(9999));
		assertThat(this.decisions.get("a")).isEqualTo(WriteDecision.allowed("jane"));
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.decisions.get("a")).isNull();
		assertThat(this.decisions.size()).isZero();
	}

	@Test
	void whenFullTheExpiredGoFirstThenAll() {
		this.decisions.put("a", WriteDecision.forbidden("no"));
		this.clock.advance(Duration.ofSeconds(10));
		this.decisions.put("b", WriteDecision.allowed("jane"));
		this.decisions.put("c", WriteDecision.allowed("joe"));
		this.decisions.put("d", WriteDecision.allowed("jim"));
		assertThat(this.decisions.size()).isEqualTo(3);
		assertThat(this.decisions.get("b")).isNotNull();

		this.decisions.put("e", WriteDecision.allowed("jill"));
		assertThat(this.decisions.size()).isOne();
		assertThat(this.decisions.get("e")).isNotNull();
	}

}
