package dev.secretsstore.driver.flags;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GoDurationTests {

	@Test
	void parsesWhatGosParseDurationAccepts() {
		assertThat(GoDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
		assertThat(GoDuration.parse("2m")).isEqualTo(Duration.ofMinutes(2));
		assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
		assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
		assertThat(GoDuration.parse("300ms")).isEqualTo(Duration.ofMillis(300));
		assertThat(GoDuration.parse("2m0s")).isEqualTo(Duration.ofMinutes(2));
		assertThat(GoDuration.parse("1us")).isEqualTo(Duration.ofNanos(1000));
		assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
		assertThat(GoDuration.parse("-5s")).isEqualTo(Duration.ofSeconds(-5));
	}

	@Test
	void refusesWhatGoRefusesNamingTheValue() {
		for (String bad : new String[] { "", "120", "2 m", "m", "1x", "1h30", "PT2M", "1..5s" }) {
			assertThatIllegalArgumentException().as(bad)
				.isThrownBy(() -> GoDuration.parse(bad))
				.withMessageContaining("invalid duration \"" + bad + "\"");
		}
	}

}
