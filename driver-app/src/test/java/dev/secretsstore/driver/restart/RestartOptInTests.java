package dev.secretsstore.driver.restart;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestartOptInTests {

	@Test
	void aPodOptsInForAllItsClassesOrForTheOnesItNames() {
		assertThat(RestartOptIn.restarts("true", "db", false)).isTrue();
		assertThat(RestartOptIn.restarts(" True ", "db", false)).isTrue();
		assertThat(RestartOptIn.restarts("tls, db", "db", false)).isTrue();
		assertThat(RestartOptIn.restarts("tls,db-2", "db", false)).as("names, not prefixes").isFalse();
	}

	@Test
	void withoutItsOwnAnswerAPodFollowsItsClassAndItsFalseWins() {
		assertThat(RestartOptIn.restarts(null, "db", true)).isTrue();
		assertThat(RestartOptIn.restarts("  ", "db", true)).isTrue();
		assertThat(RestartOptIn.restarts(null, "db", false)).isFalse();
		assertThat(RestartOptIn.restarts("false", "db", true)).isFalse();
		assertThat(RestartOptIn.restarts("tls", "db", true)).as("a list that leaves the class out").isFalse();
	}

	@Test
	void aClassOptsInWithTrueOnly() {
		assertThat(RestartOptIn.classOptsIn("true")).isTrue();
		assertThat(RestartOptIn.classOptsIn("db")).isFalse();
		assertThat(RestartOptIn.classOptsIn(null)).isFalse();
	}

}
