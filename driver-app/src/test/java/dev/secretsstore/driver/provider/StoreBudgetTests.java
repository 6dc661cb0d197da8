package dev.secretsstore.driver.provider;

import java.time.Duration;

import dev.secretsstore.driver.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StoreBudgetTests {

	private final MutableClock clock = new MutableClock();

	private final StoreBudget budget = new StoreBudget(10, 20, this.clock);

	@Test
	void requestsArePaidAfterTheFactAndWhatCanWaitWaitsUntilTheDebtIsPaid() {
		assertThat(this.budget.untilSolvent()).as("a full bucket").isZero();
		this.budget.spend(25);
		assertThat(this.budget.untilSolvent()).as("5 requests of debt at 10 a second")
			.isEqualTo(Duration.ofMillis(500));
		this.clock.advance(Duration.ofMillis(500));
		assertThat(this.budget.untilSolvent()).isZero();
	}

	@Test
	void theBucketHoldsNoMoreThanItsBurst() {
		this.clock.advance(Duration.ofHours(1));
		this.budget.spend(21);
		assertThat(this.budget.untilSolvent()).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void throttlingHalvesTheRateForAMinuteOrAsLongAsTheStoreAsked() {
		this.budget.throttled(null);
		assertThat(this.budget.state().effectiveRate()).isEqualTo(5);
		this.budget.throttled(Duration.ofMinutes(3));
		assertThat(this.budget.state().effectiveRate()).isEqualTo(2.5);
		this.budget.spend(25);
		assertThat(this.budget.untilSolvent()).isEqualTo(Duration.ofSeconds(2));
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.budget.state().effectiveRate()).as("the store asked for three minutes").isEqualTo(2.5);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.budget.state().effectiveRate()).isEqualTo(10);
		for (int i = 0; i < 10; i++) {
			this.budget.throttled(null);
		}
		assertThat(this.budget.state().effectiveRate()).as("never under a sixteenth")
			.isEqualTo(10.0 / 16, within(1e-9));
	}

	@Test
	void aRateOfZeroIsNoLimit() {
		StoreBudget unlimited = new StoreBudget(0, 1, this.clock);
		unlimited.spend(1_000_000);
		unlimited.throttled(null);
		assertThat(unlimited.untilSolvent()).isZero();
		assertThat(unlimited.unlimited()).isTrue();
	}

}
